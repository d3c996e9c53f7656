import { MosaicError } from './mosaic-error.js';

/** A bug or an unexpected state; the message says what was being done. */
export class InternalError extends MosaicError {
  readonly code = 'INTERNAL' as const;
}
