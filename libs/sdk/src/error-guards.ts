import type {
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
} from '@mosaic/api';
import type { DeadlineExceededError } from '@mosaic/api';

/**
 * Type guards by error code rather than `instanceof`, so they also hold when an
 * application ends up with two copies of @mosaic/api in its node_modules.
 */
function hasCode(err: unknown, code: string): boolean {
  return err instanceof Error && (err as { code?: unknown }).code === code;
}

export const isInvalidArgument = (err: unknown): err is InvalidArgumentError => hasCode(err, 'INVALID_ARGUMENT');
export const isNotFound = (err: unknown): err is NotFoundError => hasCode(err, 'NOT_FOUND');
export const isAlreadyExists = (err: unknown): err is AlreadyExistsError => hasCode(err, 'ALREADY_EXISTS');
/** A resourceVersion precondition failed (ABORTED): re-read and retry. */
export const isConflict = (err: unknown): err is ConflictError => hasCode(err, 'ABORTED');
export const isFailedPrecondition = (err: unknown): err is FailedPreconditionError => hasCode(err, 'FAILED_PRECONDITION');
/** A watch asked for a compacted revision (OUT_OF_RANGE): list again and watch from there. */
export const isRevisionCompacted = (err: unknown): err is RevisionCompactedError => hasCode(err, 'OUT_OF_RANGE');
export const isUnauthenticated = (err: unknown): err is UnauthenticatedError => hasCode(err, 'UNAUTHENTICATED');
export const isPermissionDenied = (err: unknown): err is PermissionDeniedError => hasCode(err, 'PERMISSION_DENIED');
export const isResourceExhausted = (err: unknown): err is ResourceExhaustedError => hasCode(err, 'RESOURCE_EXHAUSTED');
export const isUnavailable = (err: unknown): err is UnavailableError => hasCode(err, 'UNAVAILABLE');
export const isDeadlineExceeded = (err: unknown): err is DeadlineExceededError => hasCode(err, 'DEADLINE_EXCEEDED');
export const isInternal = (err: unknown): err is InternalError => hasCode(err, 'INTERNAL');
