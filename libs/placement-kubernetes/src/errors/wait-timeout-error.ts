import { MosaicError } from '@mosaic/api';

/** A bounded wait (e.g. NodeInventory.waitFor) ran out of time. */
export class WaitTimeoutError extends MosaicError {
  readonly code = 'DEADLINE_EXCEEDED' as const;
}
