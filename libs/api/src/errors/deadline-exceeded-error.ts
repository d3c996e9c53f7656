import { MosaicError } from './mosaic-error.js';

/**
 * The call's deadline passed before the server answered (retries included). The
 * operation may or may not have happened: re-read before acting on it.
 */
export class DeadlineExceededError extends MosaicError {
  readonly code = 'DEADLINE_EXCEEDED' as const;
}
