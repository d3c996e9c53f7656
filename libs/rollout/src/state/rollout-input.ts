import type { RolloutSpec } from '@mosaic/api';
import type { MetricKind } from '../steps/canary-step.js';
import type { RolloutNode } from '../split/weighted-node-order.js';
import type { RolloutOptions } from './rollout-options.js';
import type { RolloutState } from './rollout-state.js';

/** What runs of one revision, as the controller counts it from the workload's Instances. */
export interface RevisionInstances {
  revision: number;
  /** Instances that exist and are not being stopped. */
  live: number;
  /** Of those, the ones serving: Running, healthy, on a Ready node (the reconciler's `isAvailable`). */
  available: number;
  /**
   * Of those, the ones that have settled unhealthy: crash-looping (restarted and not available),
   * or failed to start or, for a probe, to attach. A canary step does not wait for them.
   * @defaultValue `0`
   */
  crashLooping?: number;
  /** Restarts summed over the live instances (the `restarts` metric, unless measured otherwise). */
  restarts?: number;
}

/**
 * Values the controller measured for the canary revision just now, by metric kind. `health` and
 * `restarts` fall back to the canary's instance counts when absent; the others are inconclusive
 * when absent. See `METRIC_RULES` for units and defaults.
 */
export type AnalysisValues = Partial<Record<MetricKind, number>>;

/** `mosaic rollout promote | promote --full | pause | resume | abort | retry`. */
export type RolloutCommandKind = 'promote' | 'promoteFull' | 'pause' | 'resume' | 'abort' | 'retry';

/**
 * An operator command waiting to be applied. The API server appends it with the next `seq`
 * (above every pending one and above `state.commandSeq`); the machine applies pending commands
 * in `seq` order and records the highest in `state.commandSeq`, so a command is applied once
 * even if the controller fails to clear it.
 */
export interface RolloutCommand {
  seq: number;
  kind: RolloutCommandKind;
  /** The revision the operator saw (`canaryRevision`); a command for another revision is ignored. */
  revision?: number;
  /** Who asked (for the event message). */
  by?: string;
}

/** Everything one reconcile of one workload's rollout needs. Plain data; nothing is mutated. */
export interface RolloutInput {
  /** `spec.rollout`, validated (defaults filled in). */
  spec: RolloutSpec;
  /**
   * `spec.replicas` for services and Wasm; for functions the pool size to split (the weight
   * routes invocations); ignored when `nodes` is given.
   */
  replicas: number;
  /** eBPF probes: the nodes the workload matches. Given, a weight is a share of these nodes. */
  nodes?: readonly RolloutNode[];
  /** `status.rollout` as last persisted; undefined on first sight of the workload. */
  state: RolloutState | undefined;
  revisions: {
    /** The revision the spec maps to now (`status.revision`). */
    desired: number;
    /** On first sight only: the revision that runs now, if another (default: `desired`). */
    stable?: number;
  };
  /** Instance counts per revision (any order; revisions without instances may be left out). */
  instances: readonly RevisionInstances[];
  /** Canary measurements for analysis steps, taken by the controller just before this call. */
  measurements?: AnalysisValues;
  /** Pending operator commands (already-handled ones, `seq ≤ state.commandSeq`, are skipped). */
  commands?: readonly RolloutCommand[];
  /** Epoch milliseconds. The machine never reads a clock. */
  now: number;
  options?: RolloutOptions;
}
