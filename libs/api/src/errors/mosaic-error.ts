/**
 * Error codes shared by every Mosaic component. They are named after the gRPC status
 * codes they map to, so the one mapping module (control plane and SDK) is a lookup table.
 */
export type MosaicErrorCode =
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'ABORTED'
  | 'FAILED_PRECONDITION'
  | 'OUT_OF_RANGE'
  | 'UNAUTHENTICATED'
  | 'PERMISSION_DENIED'
  | 'RESOURCE_EXHAUSTED'
  | 'UNAVAILABLE'
  | 'DEADLINE_EXCEEDED'
  | 'INTERNAL';

/** Base class of every domain error: carries a stable code an operator or a client can branch on. */
export abstract class MosaicError extends Error {
  abstract readonly code: MosaicErrorCode;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Type guard usable across package copies (checks shape, not prototype identity). */
export function isMosaicError(err: unknown): err is MosaicError {
  return err instanceof Error && typeof (err as { code?: unknown }).code === 'string' && 'name' in err;
}
