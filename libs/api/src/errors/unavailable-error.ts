import { MosaicError } from './mosaic-error.js';

/** A dependency (store, queue, server) cannot be reached right now; retrying may succeed. */
export class UnavailableError extends MosaicError {
  readonly code = 'UNAVAILABLE' as const;
}
