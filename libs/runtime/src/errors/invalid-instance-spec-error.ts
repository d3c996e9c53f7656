import { MosaicError } from '@mosaic/api';

/** The instance was given to the wrong driver, or lacks the runtime's section of the spec. */
export class InvalidInstanceSpecError extends MosaicError {
  readonly code = 'INVALID_ARGUMENT' as const;
}
