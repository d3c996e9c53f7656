import type { InstanceLogs, ReadLogsOptions } from '@mosaic/runtime';
import { existingLogPaths, readLogFiles } from './read-log-files.js';

/** {@link InstanceLogs} over one rotated file. */
export class FileInstanceLogs implements InstanceLogs {
  constructor(
    readonly file: string,
    private readonly keep: number,
    private readonly isFinished: () => boolean,
  ) {}

  paths(): Promise<string[]> {
    return existingLogPaths(this.file, this.keep);
  }

  read(options: ReadLogsOptions = {}): AsyncIterable<string> {
    return readLogFiles(this.file, this.keep, { ...options, isFinished: this.isFinished });
  }
}
