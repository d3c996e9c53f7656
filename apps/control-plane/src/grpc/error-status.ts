import { status as GrpcStatus, type StatusObject, Metadata } from '@grpc/grpc-js';
import { isMosaicError, type MosaicErrorCode } from '@mosaic/api';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';

/**
 * The one place errors become gRPC statuses. Domain errors carry a code named after the
 * status they map to, so this is a lookup; anything else is a bug, logged with its stack
 * under an id the client also sees, and answered with a generic INTERNAL message so no
 * internals leak to callers.
 */
const CODE_TO_STATUS: Record<MosaicErrorCode, GrpcStatus> = {
  INVALID_ARGUMENT: GrpcStatus.INVALID_ARGUMENT,
  NOT_FOUND: GrpcStatus.NOT_FOUND,
  ALREADY_EXISTS: GrpcStatus.ALREADY_EXISTS,
  ABORTED: GrpcStatus.ABORTED,
  FAILED_PRECONDITION: GrpcStatus.FAILED_PRECONDITION,
  OUT_OF_RANGE: GrpcStatus.OUT_OF_RANGE,
  UNAUTHENTICATED: GrpcStatus.UNAUTHENTICATED,
  PERMISSION_DENIED: GrpcStatus.PERMISSION_DENIED,
  RESOURCE_EXHAUSTED: GrpcStatus.RESOURCE_EXHAUSTED,
  UNAVAILABLE: GrpcStatus.UNAVAILABLE,
  DEADLINE_EXCEEDED: GrpcStatus.DEADLINE_EXCEEDED,
  INTERNAL: GrpcStatus.INTERNAL,
};

/** A status object grpc-js accepts as the error argument of a callback or `emit('error')`. */
export type GrpcErrorStatus = Partial<StatusObject> & { code: GrpcStatus; details: string };

export function toGrpcStatus(err: unknown, log: Logger, method: string): GrpcErrorStatus {
  if (isMosaicError(err) && err.code in CODE_TO_STATUS) {
    const code = CODE_TO_STATUS[err.code];
    if (code === GrpcStatus.INTERNAL) log.error({ err, method }, 'internal error');
    return { code, details: err.message, metadata: new Metadata() };
  }
  const errorId = randomUUID();
  log.error({ err, method, errorId }, 'unexpected error while handling a call');
  return {
    code: GrpcStatus.INTERNAL,
    details: `internal error (id ${errorId}); the control-plane log has the details`,
    metadata: new Metadata(),
  };
}
