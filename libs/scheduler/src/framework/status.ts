/**
 * The answer of a filter for one node, kube-scheduler style: "unschedulable" is a value a
 * plugin returns, never an exception.
 *
 * | code                           | meaning                                                      |
 * |--------------------------------|--------------------------------------------------------------|
 * | `Success`                      | the node passes this check                                   |
 * | `Unschedulable`                | not now, but it could change (resources free up, skew moves) |
 * | `UnschedulableAndUnresolvable` | not until the node or the workload changes (labels, taints)  |
 */
export type StatusCode = 'Success' | 'Unschedulable' | 'UnschedulableAndUnresolvable';

/** A filter's verdict. `reasons` are {@link ./reasons.ts} constants, counted into the diagnosis. */
export interface Status {
  readonly code: StatusCode;
  /** Why the node was rejected; empty on success. */
  readonly reasons: readonly string[];
}

/** A non-success status. */
export interface Rejection extends Status {
  readonly code: 'Unschedulable' | 'UnschedulableAndUnresolvable';
}

/**
 * The one success value. Plugins return this object (and module-level rejection constants)
 * rather than building a status per node, so the filter loop allocates nothing.
 */
export const SUCCESS: Status = Object.freeze({ code: 'Success', reasons: Object.freeze([]) });

/** A rejection that may resolve by itself (e.g. insufficient cpu). */
export function unschedulable(...reasons: string[]): Rejection {
  return Object.freeze({ code: 'Unschedulable', reasons: Object.freeze(reasons) });
}

/** A rejection that only a change to the node or the workload can resolve (e.g. a selector). */
export function unresolvable(...reasons: string[]): Rejection {
  return Object.freeze({ code: 'UnschedulableAndUnresolvable', reasons: Object.freeze(reasons) });
}
