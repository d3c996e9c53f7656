import {
  AlreadyExistsError, ConflictError, InternalError, InvalidArgumentError, NotFoundError, PermissionDeniedError,
  MosaicError, ResourceExhaustedError, RevisionCompactedError, UnauthenticatedError, UnavailableError,
} from '@mosaic/api';
import { FieldManagerConflictError, type FieldManagerConflict } from './field-manager-conflict-error.js';
import { parseKubernetesStatus, type KubernetesStatus } from './kubernetes-status.js';

/** Network failures that mean "the API server is not reachable right now". */
const UNAVAILABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE', 'EAI_AGAIN']);

/**
 * The one place Kubernetes API failures become Mosaic errors:
 *
 * | HTTP | Kubernetes reason          | Mosaic error                |
 * |------|----------------------------|-----------------------------|
 * | 400  | BadRequest                 | InvalidArgumentError        |
 * | 401  | Unauthorized               | UnauthenticatedError        |
 * | 403  | Forbidden                  | PermissionDeniedError       |
 * | 404  | NotFound                   | NotFoundError               |
 * | 409  | AlreadyExists              | AlreadyExistsError          |
 * | 409  | Conflict (apply)           | FieldManagerConflictError   |
 * | 409  | Conflict (resourceVersion) | ConflictError               |
 * | 410  | Expired / Gone             | RevisionCompactedError      |
 * | 422  | Invalid                    | InvalidArgumentError (one violation per cause) |
 * | 429  | TooManyRequests            | ResourceExhaustedError      |
 * | 5xx, connection errors           || UnavailableError            |
 * | anything else                    || InternalError               |
 *
 * Errors that already are Mosaic errors pass through unchanged.
 */
export function mapKubernetesError(error: unknown, action = 'kubernetes request'): MosaicError {
  if (error instanceof MosaicError) return error;
  const httpCode = httpCodeOf(error);
  const body = (error as { body?: unknown } | undefined)?.body;
  const status = parseKubernetesStatus(body);
  const detail = status?.message ?? (typeof body === 'string' && body.trim() !== '' ? body.trim() : errorMessage(error));
  const message = `${action}: ${detail}`;
  const options = { cause: error };

  switch (httpCode) {
    case 400:
      return new InvalidArgumentError(message, violations(status));
    case 401:
      return new UnauthenticatedError(message, options);
    case 403:
      return new PermissionDeniedError(message, options);
    case 404:
      return new NotFoundError(message, options);
    case 409:
      if (status?.reason === 'AlreadyExists') return new AlreadyExistsError(message, options);
      return fieldManagerConflicts(status).length > 0
        ? new FieldManagerConflictError(message, fieldManagerConflicts(status), options)
        : new ConflictError(message, options);
    case 410:
      return new RevisionCompactedError(message, options);
    case 422:
      return new InvalidArgumentError(message, violations(status));
    case 429:
      return new ResourceExhaustedError(message, options);
    case undefined: {
      const errno = (error as { code?: unknown } | undefined)?.code;
      if (typeof errno === 'string' && UNAVAILABLE_ERRNOS.has(errno)) return new UnavailableError(message, options);
      const nested = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
      if (typeof nested === 'string' && UNAVAILABLE_ERRNOS.has(nested)) return new UnavailableError(message, options);
      return new InternalError(message, options);
    }
    default:
      return httpCode >= 500 ? new UnavailableError(message, options) : new InternalError(message, options);
  }
}

/** Runs `call`, rethrowing any failure as a mapped Mosaic error. */
export async function withKubernetesErrors<T>(action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw mapKubernetesError(error, action);
  }
}

/** client-node's ApiException carries `code` (the HTTP status) as a number. */
function httpCodeOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown; statusCode?: unknown } | undefined)?.code;
  if (typeof code === 'number' && code >= 100 && code <= 599) return code;
  const statusCode = (error as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof statusCode === 'number' ? statusCode : undefined;
}

function violations(status: KubernetesStatus | undefined): { path: string; message: string }[] {
  return (status?.details?.causes ?? []).map((cause) => ({
    path: cause.field ?? '',
    message: cause.message ?? cause.reason ?? 'invalid',
  }));
}

/**
 * Apply conflicts come back as causes of reason FieldManagerConflict, with the
 * manager named in the message: `conflict with "kubectl-edit" using apps/v1`.
 */
function fieldManagerConflicts(status: KubernetesStatus | undefined): FieldManagerConflict[] {
  return (status?.details?.causes ?? [])
    .filter((cause) => cause.reason === 'FieldManagerConflict')
    .map((cause) => ({
      manager: /conflict with "([^"]+)"/.exec(cause.message ?? '')?.[1] ?? 'unknown',
      field: cause.field ?? '',
    }));
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
