import { MosaicError } from './mosaic-error.js';

/** An optimistic-concurrency precondition failed: the object changed since it was read. Re-read and retry. */
export class ConflictError extends MosaicError {
  readonly code = 'ABORTED' as const;
}
