import { MosaicError } from './mosaic-error.js';

/** A size or rate limit was exceeded. */
export class ResourceExhaustedError extends MosaicError {
  readonly code = 'RESOURCE_EXHAUSTED' as const;
}
