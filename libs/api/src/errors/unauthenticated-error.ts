import { MosaicError } from './mosaic-error.js';

/** The caller presented no valid credentials. */
export class UnauthenticatedError extends MosaicError {
  readonly code = 'UNAUTHENTICATED' as const;
}
