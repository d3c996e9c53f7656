/** The field manager Mosaic applies as, unless told otherwise. */
export const MOSAIC_FIELD_MANAGER = 'mosaic';

/** Options of a server-side apply. */
export interface ApplyOptions {
  /**
   * Owner recorded in managedFields; fields set by another manager conflict.
   * @defaultValue 'mosaic'
   */
  readonly fieldManager?: string;
  /**
   * Take ownership of fields another manager owns instead of failing with
   * FieldManagerConflictError. Explicit on purpose: forcing silently overrides
   * whoever else manages the object.
   * @defaultValue false
   */
  readonly force?: boolean;
  /**
   * Validate and compute the result without persisting it.
   * @defaultValue false
   */
  readonly dryRun?: boolean;
}

/** Options of a delete. */
export interface DeleteOptions {
  /**
   * How dependents are garbage-collected.
   * @defaultValue 'Background'
   */
  readonly propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  /**
   * Treat "already gone" as success.
   * @defaultValue true
   */
  readonly ignoreNotFound?: boolean;
}

/** Options of a list. */
export interface ListOptions {
  /** @defaultValue undefined (all namespaces for namespaced kinds) */
  readonly namespace?: string;
  /** @defaultValue undefined */
  readonly labelSelector?: string;
  /** @defaultValue undefined */
  readonly fieldSelector?: string;
}
