import type { Placement } from './scheduling-request.js';

/** How many nodes were rejected for one reason. */
export interface ReasonCount {
  /** One of the constants in reasons.ts (or a request-level reason). */
  readonly reason: string;
  readonly nodes: number;
}

/**
 * Why instances could not be placed, kube-scheduler style. A node rejected by a filter counts
 * once for each reason of the first filter that rejected it.
 */
export interface Diagnosis {
  /** e.g. `0/5 nodes available: 3 insufficient memory, 2 did not match nodeSelector.` */
  readonly message: string;
  /** Most frequent first; equal counts in reason order. */
  readonly counts: readonly ReasonCount[];
}

/** The decision for one request: plain data for the reconciler to bind. */
export interface SchedulingResult {
  /** New placements in the order they were made; instance indices ascending. */
  readonly placements: readonly Placement[];
  /** Instances requested but not placed (always 0 in `everyNode` mode). */
  readonly unplaced: number;
  /**
   * Present when `unplaced > 0`, or in `everyNode` mode when no node hosts or received an
   * instance.
   */
  readonly diagnosis?: Diagnosis;
}
