import { MosaicError } from './mosaic-error.js';

/** A create was asked for an object that already exists. */
export class AlreadyExistsError extends MosaicError {
  readonly code = 'ALREADY_EXISTS' as const;
}
