import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ReadLogsOptions } from '@mosaic/runtime';
import { rotatedPaths } from './log-rotator.js';

/** Retained files of a rotated log, oldest first, the live file last (if present). */
export async function existingLogPaths(file: string, keep: number): Promise<string[]> {
  const candidates = [...rotatedPaths(file, keep).reverse(), file];
  const present = await Promise.all(candidates.map((p) => stat(p).then(() => true, () => false)));
  return candidates.filter((_, i) => present[i]);
}

async function readRange(path: string, start: number, end: number): Promise<Buffer> {
  if (end <= start) return Buffer.alloc(0);
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(end - start);
    const { bytesRead } = await fh.read(buf, 0, buf.length, start);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

const CHUNK = 64 * 1024;

/**
 * The retained output of a rotated log in order, then — with `follow` — whatever is appended
 * to the live file, until `signal` aborts or `isFinished()` is true and nothing new arrived.
 * A live file that shrank was rotated (copy-truncate): reading restarts at its beginning.
 */
export async function* readLogFiles(
  file: string,
  keep: number,
  options: ReadLogsOptions & { isFinished?: () => boolean } = {},
): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  const paths = await existingLogPaths(file, keep);
  const sizes = await Promise.all(paths.map((p) => stat(p).then((s) => s.size, () => 0)));
  let skip = options.tailBytes === undefined ? 0 : Math.max(0, sizes.reduce((a, b) => a + b, 0) - options.tailBytes);
  let offset = 0;
  for (const [i, path] of paths.entries()) {
    const size = sizes[i] ?? 0;
    const from = Math.min(skip, size);
    skip -= from;
    for (let pos = from; pos < size; pos += CHUNK) {
      const text = decoder.write(await readRange(path, pos, Math.min(size, pos + CHUNK)));
      if (text) yield text;
    }
    if (path === file) offset = size;
  }
  if (!options.follow) {
    const rest = decoder.end();
    if (rest) yield rest;
    return;
  }
  const pollMs = options.pollMs ?? 200;
  for (;;) {
    if (options.signal?.aborted) return;
    const finished = options.isFinished?.() ?? false;
    const size = await stat(file).then((s) => s.size, () => 0);
    if (size < offset) offset = 0;
    if (size > offset) {
      const text = decoder.write(await readRange(file, offset, Math.min(size, offset + CHUNK)));
      offset = Math.min(size, offset + CHUNK);
      if (text) yield text;
      continue;
    }
    if (finished) return;
    try {
      await sleep(pollMs, undefined, { signal: options.signal });
    } catch {
      return;
    }
  }
}

/** The last non-empty line of a file (from its last 4 KiB), trimmed to `max` characters. */
export function lastLogLine(file: string, max = 200): string | undefined {
  let text: string;
  try {
    const fd = openSync(file, 'r');
    try {
      const size = fstatSync(fd).size;
      const buf = Buffer.alloc(Math.min(size, 4096));
      const n = readSync(fd, buf, 0, buf.length, size - buf.length);
      text = buf.subarray(0, n).toString('utf8');
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
  const line = text.split('\n').map((l) => l.trim()).filter(Boolean).pop();
  return line && line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
