/**
 * A gRPC status with no domain meaning in Mosaic (CANCELLED, UNKNOWN, UNIMPLEMENTED,
 * DATA_LOSS): kept as its status name so callers can still branch on `code`, without
 * pretending to be one of the domain errors.
 */
export class RpcError extends Error {
  constructor(
    /** The gRPC status name, e.g. `UNIMPLEMENTED`. */
    readonly code: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'RpcError';
  }
}
