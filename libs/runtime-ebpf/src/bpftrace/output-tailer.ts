import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { LineSplitter } from './bpftrace-output.js';

const CHUNK = 1 << 20;

/** Identity of the newest rotated copy: it changes with every rotation. */
function signature(file: string): string | undefined {
  const st = statSync(file, { throwIfNoEntry: false });
  return st ? `${st.ino}:${st.size}:${st.mtimeMs}` : undefined;
}

/**
 * Follows a log file another process appends to, line by line, across copy-truncate rotation:
 * when `<file>.1` changed since the last read (or the file shrank), a rotation happened — the
 * rest of what was not read yet is read from `<file>.1` (the copy has the same offsets), then
 * reading restarts at 0 of the live file. Synchronous reads on a timer: the amounts are small,
 * and `drain()` can then run inside an exit handler.
 */
export class OutputTailer {
  private offset: number;
  private timer: NodeJS.Timeout | undefined;
  private decoder = new StringDecoder('utf8');
  private readonly lines = new LineSplitter();
  private rotated: string | undefined;

  constructor(
    readonly file: string,
    private readonly onLine: (line: string) => void,
    options: { fromStart: boolean },
  ) {
    this.offset = options.fromStart ? 0 : (statSync(file, { throwIfNoEntry: false })?.size ?? 0);
    this.rotated = signature(`${file}.1`);
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
    const rotated = signature(`${this.file}.1`);
    const rotation = rotated !== undefined && rotated !== this.rotated;
    if (rotation || size < this.offset) {
      this.rotated = rotated;
      // Truncated by someone else (no new copy): what was not read yet is gone.
      if (rotation) this.readRange(`${this.file}.1`, this.offset);
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
