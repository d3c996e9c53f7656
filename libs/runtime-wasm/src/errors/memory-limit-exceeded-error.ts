import { MosaicError } from '@mosaic/api';

/** The module needs more memory at start than `limits.memoryPages` allows. */
export class MemoryLimitExceededError extends MosaicError {
  readonly code = 'FAILED_PRECONDITION' as const;

  constructor(
    readonly initialPages: number,
    readonly limitPages: number,
    what: string,
  ) {
    super(`${what} starts with ${initialPages} pages (${initialPages * 64} KiB), more than limits.memoryPages ${limitPages} (${limitPages * 64} KiB)`);
  }
}
