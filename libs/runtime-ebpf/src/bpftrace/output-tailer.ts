import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { LineSplitter } from './bpftrace-output.js';

const CHUNK = 1 << 20;

/**
 * Follows a log file another process appends to, line by line, across copy-truncate rotation:
 * when the file shrank, the rest of what was read so far is read from `<file>.1` (the rotated
 * copy has the same offsets), then reading restarts at 0. Synchronous reads on a timer: the
 * amounts are small, and `drain()` can then run inside an exit handler.
 */
export class OutputTailer {
  private offset: number;
  private timer: NodeJS.Timeout | undefined;
  private decoder = new StringDecoder('utf8');
  private readonly lines = new LineSplitter();

  constructor(
    readonly file: string,
    private readonly onLine: (line: string) => void,
    options: { fromStart: boolean },
  ) {
    this.offset = options.fromStart ? 0 : (statSync(file, { throwIfNoEntry: false })?.size ?? 0);
  }

  start(pollMs: number): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.drain(), pollMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Reads everything written since the last call and hands over the complete lines. */
  drain(): void {
    const size = statSync(this.file, { throwIfNoEntry: false })?.size;
    if (size === undefined) return;
    if (size < this.offset) {
      this.readRange(`${this.file}.1`, this.offset);
      this.offset = 0;
      this.decoder = new StringDecoder('utf8');
      this.lines.reset();
    }
    this.offset = this.readRange(this.file, this.offset);
  }

  /** Reads `file` from `from` to its current end; returns the new offset. */
  private readRange(file: string, from: number): number {
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch {
      return from;
    }
    let at = from;
    try {
      const end = fstatSync(fd).size;
      const buffer = Buffer.alloc(Math.min(CHUNK, Math.max(0, end - at)));
      while (at < end) {
        const n = readSync(fd, buffer, 0, Math.min(buffer.length, end - at), at);
        if (n <= 0) break;
        at += n;
        for (const line of this.lines.push(this.decoder.write(buffer.subarray(0, n)))) this.onLine(line);
      }
    } finally {
      closeSync(fd);
    }
    return at;
  }
}
