import { MosaicError } from '@mosaic/api';

/** No driver for this runtime was registered in this process (its `setup()` was not called). */
export class RuntimeNotRegisteredError extends MosaicError {
  readonly code = 'FAILED_PRECONDITION' as const;

  constructor(readonly runtime: string, registered: readonly string[]) {
    super(`no driver registered for runtime "${runtime}" (registered: ${registered.length ? registered.join(', ') : 'none'}); call its setup() first`);
  }
}
