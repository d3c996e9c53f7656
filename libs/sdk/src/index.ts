// Public surface of @mosaic/sdk. Everything under internal/ stays private.
export { MosaicClient } from './mosaic-client.js';
export type { MosaicClientOptions, RetryOptions, TlsOptions } from './mosaic-client-options.js';
export { DEFAULT_DEADLINE_MS, DEFAULT_RETRY } from './mosaic-client-options.js';
export type * from './mosaic-client-types.js';
export type * from './node-types.js';
export type * from './function-types.js';
export type * from './rollout-types.js';
export type { ServingStatus } from './internal/health-check.js';
export { statusToError } from './status-to-error.js';
export * from './error-guards.js';
export { DeadlineExceededError } from '@mosaic/api';
export { RpcError } from './errors/rpc-error.js';
// The domain error classes and the Workload types, so SDK users need no second import.
export {
  AlreadyExistsError,
  ConflictError,
  FailedPreconditionError,
  InternalError,
  InvalidArgumentError,
  MosaicError,
  NotFoundError,
  PermissionDeniedError,
  ResourceExhaustedError,
  RevisionCompactedError,
  UnauthenticatedError,
  UnavailableError,
  isMosaicError,
  type FieldViolation,
  type MosaicErrorCode,
  type Workload,
  type WorkloadSpec,
  type WorkloadStatus,
  type ObjectMeta,
  type NodeObject,
  type NodeStatus,
} from '@mosaic/api';
