import { ConflictError } from '@mosaic/api';

/** One field another manager owns, as reported by a server-side apply conflict. */
export interface FieldManagerConflict {
  /** The manager that owns the field, e.g. `kubectl-client-side-apply` or `mosaic`. */
  readonly manager: string;
  /** The field path as the API server printed it, e.g. `.spec.replicas`. */
  readonly field: string;
}

/**
 * A server-side apply touched fields owned by another field manager. Nothing was
 * written. Re-apply with `force: true` to take ownership, or drop the fields.
 * It is a ConflictError, so generic handling (code ABORTED) keeps working.
 */
export class FieldManagerConflictError extends ConflictError {
  constructor(
    message: string,
    readonly conflicts: readonly FieldManagerConflict[],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export function isFieldManagerConflictError(err: unknown): err is FieldManagerConflictError {
  return err instanceof Error && err.name === 'FieldManagerConflictError' && Array.isArray((err as { conflicts?: unknown }).conflicts);
}
