import type { LabelSelector, StoredObject } from '@mosaic/api';

/**
 * # The Store contract
 *
 * The control plane's source of truth: revisioned objects with optimistic concurrency, a change
 * log, and list-then-watch — the subset of the Kubernetes API server / etcd semantics Mosaic's
 * controllers are written against. Two backends implement it: SQLite (embedded default, see
 * `createSqliteStore`) and etcd (HA). Both must pass `describeStoreContract` (`@mosaic/store/contract`),
 * which is the executable form of this document.
 *
 * ## Objects and keys
 * The store is generic over {@link StoredObject} (`apiVersion`, `kind`, `metadata`, `spec`,
 * `status`). An object's key is `kind` + `metadata.namespace` + `metadata.name`; names are unique
 * per kind and namespace. The store does not validate specs (that is `@mosaic/api`'s job); it only
 * requires a non-empty `kind` and `metadata.name` and a string `metadata.namespace` (`''` for
 * cluster-scoped kinds). Objects must be plain JSON data: the store keeps JSON and every read
 * returns a fresh copy, so callers may mutate what they get back, and the store never mutates
 * what it is given.
 *
 * ## Revisions
 * One global integer revision per store (like etcd's `header.revision`), strictly increasing with
 * every write that changes something. Every such write produces exactly one change-log entry at
 * its new revision. (SQLite starts at 0 and counts +1 per write; etcd's revision also counts
 * writes outside the store's key prefix, so consecutive writes may be more than one apart —
 * callers must only rely on the order.) `metadata.resourceVersion` is the revision of the
 * object's last write, as a decimal string; clients treat it as opaque and hand it back as a
 * precondition.
 *
 * ## Fields the store owns
 * | field                        | set by the store                                                 |
 * |------------------------------|------------------------------------------------------------------|
 * | `metadata.uid`               | random UUID on create; kept by every update                      |
 * | `metadata.resourceVersion`   | revision of every write                                          |
 * | `metadata.generation`        | 1 on create; +1 on each update whose `spec` changed              |
 * | `metadata.creationTimestamp` | RFC 3339 time of create; kept by every update                    |
 * | `metadata.deletionTimestamp` | RFC 3339 time a delete started waiting for finalizers            |
 *
 * Values a caller puts in these fields are ignored (except `resourceVersion` and `uid` on update,
 * which are preconditions). Empty `labels`, `annotations` and `finalizers` are stored as absent,
 * so "no labels" has one representation.
 *
 * ## Spec, status and generation
 * `update` writes everything except `status`; `updateStatus` writes only `status`. So a
 * controller reporting status can never clobber a user's spec change and vice versa. Only a spec
 * change bumps `generation` (compared as canonical JSON: key order does not matter), which lets a
 * controller publish `status.observedGeneration`. A write that would change nothing (same spec,
 * metadata and status, compared canonically) is not written: it returns the stored object with
 * `changed: false`, creates no revision and no watch event — so re-applying the same YAML is free.
 *
 * ## Optimistic concurrency
 * `update`, `updateStatus` and `delete` accept preconditions: when `resourceVersion` is given and
 * differs from the stored one, or `uid` is given and differs, they fail with `ConflictError`
 * (code `ABORTED`) and write nothing; the client re-reads and retries. Without preconditions the
 * last writer wins.
 *
 * ## Deletion and finalizers
 * `delete` of an object without finalizers removes it (a `DELETED` event). An object with
 * finalizers is instead marked terminating: `deletionTimestamp` is set (a `MODIFIED` event), and
 * it stays readable until updates have removed every finalizer — the update that clears the last
 * one removes it (a `DELETED` event). While terminating, an update may remove finalizers, change
 * spec, labels and status, but may not add a finalizer (`FailedPreconditionError`); deleting it
 * again is a no-op that returns it. Creating an object whose key is terminating fails with
 * `AlreadyExistsError`, like any existing key.
 *
 * ## List
 * A list is a consistent snapshot at one revision, returned with the items (sorted by namespace,
 * then name, in byte order). Listing then watching from the list's revision observes every later
 * change exactly once. Pagination (`limit` + `continueToken`) serves every page from the first
 * page's snapshot revision, however many writes happened in between; a continuation whose
 * revision has since been compacted fails with `RevisionCompactedError` (restart the list).
 *
 * ## Watch
 * A watch delivers the change log of one kind strictly after `fromRevision`, in revision order,
 * with no gaps and no duplicates — including while it catches up on history as new writes arrive.
 * `fromRevision` older than the compacted revision fails with `RevisionCompactedError`: re-list
 * and watch from the list's revision. With a label selector, a watch reports what a client
 * listing with that selector would see: an object that starts matching arrives as `ADDED`, one
 * that stops matching as `DELETED` (carrying its last matching state and the revision of the
 * change).
 *
 * A watch never buffers without bound. When its consumer falls further behind than the buffer
 * allows, the watch ends with `WatchOverflowError` carrying `resumeRevision`; a new watch from
 * that revision continues exactly where it stopped. `StoreWatch.resumeRevision` gives the same
 * position at any time, e.g. after a deliberate `close()`.
 *
 * ## Compaction
 * `compact(revision)` drops change-log entries at or below `revision`; current objects are
 * untouched. Backends may also compact automatically (see {@link StoreOptions}).
 *
 * ## Errors
 * All failures are `@mosaic/api` errors with a code: `InvalidArgumentError`, `NotFoundError`,
 * `AlreadyExistsError`, `ConflictError` (ABORTED), `FailedPreconditionError`,
 * `RevisionCompactedError` (OUT_OF_RANGE), `WatchOverflowError` (RESOURCE_EXHAUSTED). Operations
 * on a closed store fail with `FailedPreconditionError`.
 */
export interface Store {
  /**
   * Creates an object. Sets `uid`, `resourceVersion`, `generation: 1` and `creationTimestamp`;
   * keeps `status` when given (the caller decides). Emits `ADDED`.
   * @returns the object as stored.
   * @throws AlreadyExistsError when the key exists (including a terminating object).
   * @throws InvalidArgumentError when kind, name or namespace is missing.
   */
  create<T extends StoredObject>(object: T): Promise<T>;

  /**
   * Replaces an object's `apiVersion`, `metadata` (labels, annotations, finalizers, …) and `spec`;
   * never `status`. `metadata.resourceVersion` and `metadata.uid`, when set, are preconditions.
   * Bumps `generation` only when `spec` changed. Emits `MODIFIED` — or `DELETED` when it removes
   * the last finalizer of a terminating object (`removed: true`). An update that changes nothing
   * returns the stored object with `changed: false` and writes no revision.
   * @throws NotFoundError when absent.
   * @throws ConflictError when a precondition does not hold.
   * @throws FailedPreconditionError when it would add a finalizer to a terminating object.
   */
  update<T extends StoredObject>(object: T): Promise<UpdateResult<T>>;

  /**
   * Replaces only `status` (`undefined` removes it). No generation bump. Same preconditions and
   * no-op rule as {@link Store.update}. Emits `MODIFIED`.
   * @throws NotFoundError when absent.
   * @throws ConflictError when a precondition does not hold.
   */
  updateStatus<T extends StoredObject>(
    kind: string,
    namespace: string,
    name: string,
    status: T['status'],
    preconditions?: Preconditions,
  ): Promise<UpdateResult<T>>;

  /**
   * Reads the current object.
   * @throws NotFoundError when absent.
   */
  get<T extends StoredObject>(kind: string, namespace: string, name: string): Promise<T>;

  /**
   * Lists objects of a kind as a consistent snapshot (see "List" above).
   * @throws InvalidArgumentError for a malformed selector, limit or continue token.
   * @throws RevisionCompactedError when the continuation's snapshot revision was compacted.
   */
  list<T extends StoredObject>(kind: string, options?: ListOptions<T>): Promise<ListResult<T>>;

  /**
   * Deletes an object, or marks it terminating when it has finalizers (see "Deletion" above).
   * Deleting a terminating object again writes nothing and returns it.
   * @returns the object as removed (`resourceVersion` = the deletion's revision) or as terminating.
   * @throws NotFoundError when absent.
   * @throws ConflictError when a precondition does not hold.
   */
  delete<T extends StoredObject>(
    kind: string,
    namespace: string,
    name: string,
    preconditions?: Preconditions,
  ): Promise<DeleteResult<T>>;

  /**
   * Watches the changes of one kind after `options.fromRevision` (see "Watch" above). Returns at
   * once; problems such as a compacted `fromRevision` surface as the iterator's first rejection.
   * @throws InvalidArgumentError (synchronously) for a malformed selector or revision.
   */
  watch<T extends StoredObject>(kind: string, options: WatchOptions): StoreWatch<T>;

  /** The revision of the last write (for SQLite, 0 for an empty store). */
  currentRevision(): Promise<number>;

  /**
   * Drops change-log entries at or below `revision`. Compacting at or below the already
   * compacted revision is a no-op.
   * @throws InvalidArgumentError when `revision` is negative, not an integer, or in the future.
   */
  compact(revision: number): Promise<void>;

  /** Ends every open watch (their iterations complete) and releases the backend. Idempotent. */
  close(): Promise<void>;
}

/** Optimistic-concurrency preconditions of a write. */
export interface Preconditions {
  /** The write happens only if the stored object is at exactly this revision. */
  resourceVersion?: string;
  /** The write happens only if the stored object has this uid (not a re-created namesake). */
  uid?: string;
}

/** Result of {@link Store.update} and {@link Store.updateStatus}. */
export interface UpdateResult<T> {
  /** The object as stored after the call (the unchanged stored object when `changed` is false). */
  object: T;
  /** Whether a new revision was written. */
  changed: boolean;
  /** Whether this update removed the object (it cleared the last finalizer of a terminating object). */
  removed: boolean;
}

/** Result of {@link Store.delete}. */
export interface DeleteResult<T> {
  /** The removed object (at the deletion's revision), or the terminating one. */
  object: T;
  /** True when the object is gone; false when it waits for finalizers. */
  removed: boolean;
}

/** Options of {@link Store.list}. */
export interface ListOptions<T> {
  /** Only this namespace; all namespaces when absent. */
  namespace?: string;
  /** Only objects whose labels match, as a parsed selector or a selector string (`app=web,!canary`). */
  labelSelector?: LabelSelector | string;
  /** Only objects for which this returns true; applied after the selector. */
  filter?: (object: T) => boolean;
  /** At most this many items (counted after selector and filter); 0 or absent means no limit. */
  limit?: number;
  /** The `continueToken` of the previous page; the other options must be the same as for that page. */
  continueToken?: string;
}

/** Result of {@link Store.list}. */
export interface ListResult<T> {
  items: T[];
  /** The snapshot revision: watch from here to see every later change. Same for every page of a list. */
  revision: number;
  /** Present when more matching items exist: pass it back to get the next page. */
  continueToken?: string;
}

/** The kinds of change a watch reports. */
export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One change, as seen by a watch. */
export interface WatchEvent<T> {
  type: WatchEventType;
  /** The object after the change; for `DELETED`, its last state with `resourceVersion` = `revision`. */
  object: T;
  /** The store revision of the change. */
  revision: number;
}

/** Options of {@link Store.watch}. */
export interface WatchOptions {
  /** Deliver changes with revision > this. Usually a list's `revision` or a watch's `resumeRevision`. */
  fromRevision: number;
  /** Only this namespace; all namespaces when absent. */
  namespace?: string;
  /** Only objects matching this selector, with ADDED/DELETED on transitions (see "Watch" above). */
  labelSelector?: LabelSelector | string;
  /**
   * At most this many undelivered events held for this watch before it ends with
   * `WatchOverflowError`.
   * @defaultValue the store's {@link StoreOptions.watchBufferSize}
   */
  maxBufferedEvents?: number;
  /** Aborting closes the watch, like {@link StoreWatch.close}. */
  signal?: AbortSignal;
}

/**
 * A running watch: iterate it once (`for await`) to receive events in revision order. The
 * iteration ends when the watch is closed (by `close()`, the signal, `break`, or closing the store)
 * and throws when the watch fails (`RevisionCompactedError`, `WatchOverflowError`).
 */
export interface StoreWatch<T> extends AsyncIterable<WatchEvent<T>> {
  /** Stops the watch and releases its buffer; a pending `next()` resolves as done. Idempotent. */
  close(): void;
  /**
   * The revision a new watch should start from to continue exactly after the last event this one
   * delivered (or skipped as not matching). Starts at `fromRevision`.
   */
  readonly resumeRevision: number;
}
