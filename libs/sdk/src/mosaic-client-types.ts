import type { ObjectMeta, Workload, WorkloadSpecInput } from '@mosaic/api';

/** Options every request accepts. */
export interface RequestOptions {
  /**
   * Deadline of this call in milliseconds, retries included.
   * @defaultValue the client's `deadlineMs`
   */
  deadlineMs?: number;
  /**
   * Cancels the call; it then rejects with the signal's reason.
   * @defaultValue none
   */
  signal?: AbortSignal;
}

/**
 * A Workload as a program may write it: only the name and the runtime section are
 * required; the server fills in defaults and validates it.
 */
export interface WorkloadInput {
  apiVersion: 'mosaic.dev/v1';
  kind: 'Workload';
  metadata: Partial<ObjectMeta> & { name: string };
  spec: WorkloadSpecInput;
}

export interface ApplyOptions extends RequestOptions {
  /**
   * Validate and compute the result on the server without writing anything.
   * @defaultValue false
   */
  dryRun?: boolean;
  /**
   * Fail with AlreadyExistsError instead of updating an existing workload.
   * @defaultValue false
   */
  createOnly?: boolean;
}

/** What an apply did: created a new object, changed it, or found it already as asked. */
export type ApplyOutcome = 'created' | 'configured' | 'unchanged';

export interface ApplyResult {
  /** The workload as stored (or as it would be, for a dry run). */
  workload: Workload;
  result: ApplyOutcome;
}

/** Which workloads a list or a watch covers. */
export interface WorkloadFilter {
  /**
   * Only this namespace.
   * @defaultValue all namespaces
   */
  namespace?: string;
  /**
   * Kubernetes-style selector, e.g. `app=checkout,tier in (web,api),!legacy`.
   * @defaultValue everything
   */
  labelSelector?: string;
  /**
   * Only this runtime (`service`, `function`, `ebpf`, `wasm`).
   * @defaultValue every runtime
   */
  runtime?: string;
}

export interface ListOptions extends WorkloadFilter, RequestOptions {
  /**
   * Page size.
   * @defaultValue 0 (no limit)
   */
  limit?: number;
  /**
   * `continueToken` of the previous page.
   * @defaultValue none (first page)
   */
  continueToken?: string;
}

export interface ListResult {
  items: Workload[];
  /** The store revision the list was read at: watch from here to miss nothing. */
  resourceVersion: string;
  /** Present when there are more pages. */
  continueToken?: string;
}

export interface ListAllOptions extends WorkloadFilter, RequestOptions {
  /**
   * Items per request while following continue tokens.
   * @defaultValue 500
   */
  pageSize?: number;
}

export interface DeleteOptions extends RequestOptions {
  /**
   * Only delete if the stored object still has this resourceVersion (else ConflictError).
   * @defaultValue none
   */
  resourceVersion?: string;
  /**
   * Check that the delete would succeed without deleting.
   * @defaultValue false
   */
  dryRun?: boolean;
}

export interface WatchOptions extends WorkloadFilter {
  /**
   * Deliver changes after this revision (e.g. a list's `resourceVersion`). Empty: the
   * current state first, as ADDED events, then changes.
   * @defaultValue ''
   */
  resourceVersion?: string;
  /**
   * Ends the watch: the iterator then finishes normally.
   * @defaultValue none (runs until the loop breaks or the client closes)
   */
  signal?: AbortSignal;
  /**
   * How often the server sends a bookmark with its latest revision; bookmarks are not
   * yielded but move the resume point forward.
   * @defaultValue 10 (server default)
   */
  bookmarkIntervalSeconds?: number;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchEvent {
  type: WatchEventType;
  /** The object after the change (for DELETED: as it was deleted). */
  workload: Workload;
  /** The store revision of this change: the watch resumes after it. */
  resourceVersion: string;
}
