import { MosaicError } from '@mosaic/api';

/** The bytes are not a WebAssembly module the driver can prepare (bad magic, truncated, …). */
export class InvalidWasmModuleError extends MosaicError {
  readonly code = 'INVALID_ARGUMENT' as const;
}
