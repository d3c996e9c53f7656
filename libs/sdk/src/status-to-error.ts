import { status as Status, type StatusObject } from '@grpc/grpc-js';
import {
  AlreadyExistsError,
  ConflictError,
  FailedPreconditionError,
  InternalError,
  InvalidArgumentError,
  NotFoundError,
  PermissionDeniedError,
  ResourceExhaustedError,
  RevisionCompactedError,
  UnauthenticatedError,
  UnavailableError,
  type FieldViolation,
} from '@mosaic/api';
import { DeadlineExceededError } from '@mosaic/api';
import { RpcError } from './errors/rpc-error.js';

/**
 * The one place where gRPC statuses become Mosaic errors on the client side; it mirrors
 * the server's mapping, so an error class thrown in the control plane arrives as the same
 * class here. The original grpc-js error (with its metadata) is kept as `cause`.
 */

type ErrorFactory = (message: string, options: ErrorOptions) => Error;

const factories: Partial<Record<Status, ErrorFactory>> = {
  [Status.INVALID_ARGUMENT]: invalidArgument,
  [Status.NOT_FOUND]: (m, o) => new NotFoundError(m, o),
  [Status.ALREADY_EXISTS]: (m, o) => new AlreadyExistsError(m, o),
  [Status.ABORTED]: (m, o) => new ConflictError(m, o),
  [Status.FAILED_PRECONDITION]: (m, o) => new FailedPreconditionError(m, o),
  [Status.OUT_OF_RANGE]: (m, o) => new RevisionCompactedError(m, o),
  [Status.UNAUTHENTICATED]: (m, o) => new UnauthenticatedError(m, o),
  [Status.PERMISSION_DENIED]: (m, o) => new PermissionDeniedError(m, o),
  [Status.RESOURCE_EXHAUSTED]: (m, o) => new ResourceExhaustedError(m, o),
  [Status.UNAVAILABLE]: (m, o) => new UnavailableError(m, o),
  [Status.DEADLINE_EXCEEDED]: (m, o) => new DeadlineExceededError(m, o),
  [Status.INTERNAL]: (m, o) => new InternalError(m, o),
};

/** The status name grpc-js uses, e.g. `NOT_FOUND` for 5. */
export function statusName(code: Status): string {
  return Status[code] ?? `STATUS_${code}`;
}

/** Converts a failed call's status (a grpc-js ServiceError) into the matching error class. */
export function statusToError(status: Pick<StatusObject, 'code' | 'details'>): Error {
  const message = status.details || statusName(status.code);
  const options: ErrorOptions = status instanceof Error ? { cause: status } : {};
  const factory = factories[status.code];
  return factory ? factory(message, options) : new RpcError(statusName(status.code), message, options);
}

/** Whether a thrown value is a grpc-js status (as opposed to, say, a bug in our own code). */
export function isGrpcStatus(err: unknown): err is StatusObject & Error {
  return err instanceof Error && typeof (err as { code?: unknown }).code === 'number' && 'details' in err;
}

// The server renders InvalidArgumentError as "headline:\n  violation\n  violation" (see
// formatViolation); parsing it back gives SDK users structured `violations` again.
const VIOLATION_LINE = /^ {2}(?:(.+?):(\d+):(\d+): )?([^\s:]+): (.*)$/;

function invalidArgument(message: string, options: ErrorOptions): Error {
  const [headline, ...lines] = message.split('\n');
  const violations: FieldViolation[] = [];
  for (const line of lines) {
    const m = VIOLATION_LINE.exec(line);
    if (!m) return withCause(new InvalidArgumentError(message), options);
    const [, file, row, col, path = '', text = ''] = m;
    violations.push({ path, message: text, ...(row && col ? { source: { file, line: Number(row), column: Number(col) } } : {}) });
  }
  if (!violations.length) return withCause(new InvalidArgumentError(message), options);
  return withCause(new InvalidArgumentError((headline ?? '').replace(/:$/, ''), violations), options);
}

// InvalidArgumentError's constructor has no ErrorOptions parameter.
function withCause(err: Error, options: ErrorOptions): Error {
  if (options.cause !== undefined) Object.defineProperty(err, 'cause', { value: options.cause, enumerable: false, writable: true, configurable: true });
  return err;
}
