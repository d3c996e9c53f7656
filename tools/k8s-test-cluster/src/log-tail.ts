import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** The last `lines` lines of a log file, read from its end so huge logs stay cheap. */
export function tailFile(path: string, lines = 40, maxBytes = 64 * 1024): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return `(no log at ${path})`;
  }
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, maxBytes);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    return lastLines(buffer.toString('utf8'), lines);
  } finally {
    closeSync(fd);
  }
}

export function lastLines(text: string, lines: number): string {
  const all = text.replace(/\s+$/, '').split('\n');
  return all.slice(Math.max(0, all.length - lines)).join('\n');
}
