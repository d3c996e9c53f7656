import { MosaicError } from './mosaic-error.js';

/** The caller is authenticated but not allowed to do this. */
export class PermissionDeniedError extends MosaicError {
  readonly code = 'PERMISSION_DENIED' as const;
}
