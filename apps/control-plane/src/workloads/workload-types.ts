import type { Workload } from '@mosaic/api';

/** What an apply did: `unchanged` wrote nothing (spec, labels, annotations were already equal). */
export type ApplyResult = 'created' | 'configured' | 'unchanged';

export interface ApplyOptions {
  /**
   * Validate and compute the object that would be stored; write nothing.
   * @defaultValue `false`
   */
  dryRun?: boolean;
  /**
   * Fail with AlreadyExistsError instead of updating an existing workload.
   * @defaultValue `false`
   */
  createOnly?: boolean;
}

export interface ApplyOutcome {
  /** The object as stored (or, on dry run, exactly as it would be stored). */
  workload: Workload;
  result: ApplyResult;
}

export interface DeleteOptions {
  /**
   * Delete only if the stored object is at this resourceVersion.
   * @defaultValue none: delete whatever version is stored
   */
  resourceVersion?: string;
  /**
   * Check and return what would be deleted; write nothing.
   * @defaultValue `false`
   */
  dryRun?: boolean;
}

/** Which workloads a list or a watch covers. Empty strings mean "not given" (proto3 defaults). */
export interface WorkloadQuery {
  /** One namespace; all when absent. */
  namespace?: string;
  /** Kubernetes-style selector, e.g. `app=checkout,tier in (web,api),!legacy`. */
  labelSelector?: string;
  /** One runtime (`service`, `function`, `ebpf`, `wasm`); all when absent. */
  runtime?: string;
}

export interface ListQuery extends WorkloadQuery {
  /** Page size; 0 or absent: everything. */
  limit?: number;
  /** From the previous page's result. */
  continueToken?: string;
}

export interface ListOutcome {
  items: Workload[];
  /** The store revision the list was read at: watch from here to miss nothing. */
  revision: number;
  /** Present when there are more pages. */
  continueToken?: string;
}

export interface WatchQuery extends WorkloadQuery {
  /** Changes strictly after this revision; absent: the current state as ADDED events first. */
  resourceVersion?: string;
  /** Seconds between BOOKMARK events; absent or 0: the server default. */
  bookmarkIntervalSeconds?: number;
}

/** One item of a watch: a change, or a BOOKMARK saying "everything up to `revision` was sent". */
export type WorkloadWatchEvent =
  | { type: 'ADDED' | 'MODIFIED' | 'DELETED'; workload: Workload; revision: number }
  | { type: 'BOOKMARK'; revision: number; initialEventsEnd?: boolean };
