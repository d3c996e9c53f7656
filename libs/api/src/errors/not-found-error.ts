import { MosaicError } from './mosaic-error.js';

/** The named object does not exist (or was deleted). */
export class NotFoundError extends MosaicError {
  readonly code = 'NOT_FOUND' as const;
}
