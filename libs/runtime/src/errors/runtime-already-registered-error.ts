import { MosaicError } from '@mosaic/api';

/** A second, different driver was registered under a runtime name without `replace: true`. */
export class RuntimeAlreadyRegisteredError extends MosaicError {
  readonly code = 'ALREADY_EXISTS' as const;

  constructor(readonly runtime: string) {
    super(`a driver for runtime "${runtime}" is already registered; pass { replace: true } to replace it`);
  }
}
