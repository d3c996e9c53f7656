import { MosaicError } from './mosaic-error.js';

/** The system is not in a state the operation requires (e.g. deleting an object that is terminating). */
export class FailedPreconditionError extends MosaicError {
  readonly code = 'FAILED_PRECONDITION' as const;
}
