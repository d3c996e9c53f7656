import { copyFileSync, renameSync, rmSync, statSync, truncateSync } from 'node:fs';
import type { LogRotationOptions } from '../supervision/supervision-options.js';

/** `file.1` … `file.keep`: rotated files, newest first. */
export function rotatedPaths(file: string, keep: number): string[] {
  return Array.from({ length: keep }, (_, i) => `${file}.${i + 1}`);
}

/**
 * Rotates a log file that another process keeps open for appending. The writer's descriptor
 * cannot be swapped from outside, so this copies the file to `.1` (after shifting `.1 → .2`
 * …, dropping the oldest) and truncates it in place — logrotate's copytruncate. The writer
 * opened it with O_APPEND, so its next write lands at the new end instead of leaving a hole.
 * Output written between the copy and the truncate is lost; that is the known price.
 * @returns whether a rotation happened.
 */
export function rotateIfLarger(file: string, options: Required<Pick<LogRotationOptions, 'maxBytes' | 'keep'>>): boolean {
  const size = statSync(file, { throwIfNoEntry: false })?.size ?? 0;
  if (size <= options.maxBytes) return false;
  const paths = rotatedPaths(file, Math.max(1, options.keep));
  rmSync(paths[paths.length - 1]!, { force: true });
  for (let i = paths.length - 1; i > 0; i--) {
    try {
      renameSync(paths[i - 1]!, paths[i]!);
    } catch {
      // that generation does not exist yet
    }
  }
  copyFileSync(file, paths[0]!);
  truncateSync(file, 0);
  return true;
}

/** Checks one file periodically; the timer never keeps the process alive. */
export class LogRotator {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly file: string,
    private readonly options: Required<LogRotationOptions>,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.check(), this.options.checkIntervalMs);
    this.timer.unref();
  }

  check(): boolean {
    try {
      return rotateIfLarger(this.file, this.options);
    } catch (err) {
      this.onError(err);
      return false;
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
