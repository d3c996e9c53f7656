import { MosaicError } from '@mosaic/api';

/**
 * The driver refused to run a module before starting anything: checksum mismatch, invalid
 * binary, memory limit below the module's initial size, missing file or preopen. `reason` is
 * the instance reason constant the handle reports (`ChecksumMismatch`, `InvalidModule`, …).
 */
export class ModuleRejectedError extends MosaicError {
  readonly code = 'FAILED_PRECONDITION' as const;

  constructor(readonly reason: string, message: string) {
    super(message);
  }
}
