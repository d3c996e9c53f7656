import type { InstanceObject, NodeObject, Workload } from '@mosaic/api';
import type { Diagnosis, Scheduler } from '@mosaic/scheduler';
import type { RolloutTargets } from '@mosaic/rollout';
import type { InstanceBuckets } from './instance-buckets.js';
import type { RollingBudget } from './rolling-budget.js';

/** Everything the planner reads: plain data, gathered by the controller. */
export interface ReconcileInput {
  /** The workload as stored; its spec is what the current revision holds. */
  workload: Workload;
  /** The revision new instances run (see `src/revisions`). */
  revision: number;
  /** This workload's instances (same uid), terminating ones included. */
  instances: readonly InstanceObject[];
  /** Every node. */
  nodes: readonly NodeObject[];
  /** Every instance in the cluster, for what each node already has allocated. */
  clusterInstances: readonly InstanceObject[];
  /** ms since the epoch. */
  now: number;
  /** How long a node may be not Ready before its instances are lost. */
  nodeLostGraceMs: number;
  /** Reused across calls: it keeps its working buffers. */
  scheduler: Scheduler;
  /**
   * The rollout machine's per-revision targets. Given (canary / blue-green strategies, replicas
   * mode), instances follow them instead of the rolling budget.
   */
  rolloutTargets?: RolloutTargets;
  /**
   * Runtime `function`: instances per revision wanted by the function autoscaler (revisions not
   * named get 0). Absent: every revision keeps its current count.
   */
  functionTargets?: ReadonlyMap<number, number>;
}

/** Why an instance is stopped; logged, and handy in tests. */
export type StopReason =
  | 'scale-down' //      more current-revision instances than replicas
  | 'rolling' //         an old revision, replaced within the rollout budget
  | 'old-finished' //    an old revision's run-to-completion record
  | 'defunct' //         reported Stopped without being deleted: replaced
  | 'duplicate' //       a second instance on one node in everyNode mode
  | 'deleting'; //       the workload is being deleted

export interface StopDecision {
  instance: InstanceObject;
  reason: StopReason;
}

/** What the scheduler was asked this round and what it said. */
export interface SchedulingOutcome {
  /** New instances the plan wanted to place (after the rollout budget). */
  wanted: number;
  placed: number;
  /** The scheduler's explanation when some could not be placed. */
  diagnosis?: Diagnosis;
}

/**
 * The decisions of one reconcile (Nomad's `reconcileResults`): plain data the controller
 * applies. Instances in no list are kept as they are.
 */
export interface ReconcilePlan {
  buckets: InstanceBuckets;
  /** One new instance of the current revision per entry, on that node. */
  place: string[];
  /** New instances of other revisions (a rollout restoring its stable revision). */
  placeRevisions?: { node: string; revision: number }[];
  /** Runtime `function`: the instances wanted in total (the autoscaler's sum; 0 = scaled to zero). */
  desiredInstances?: number;
  /** Instances to stop (delete; their agent stops them, then they disappear). */
  stop: StopDecision[];
  /** Instances on lost nodes: their finalizer is removed so they disappear; replacements are in `place`. */
  lost: InstanceObject[];
  /** Undefined when nothing needed placing. */
  scheduling?: SchedulingOutcome;
  /** The rolling arithmetic used (absent while deleting). */
  budget?: RollingBudget;
  /** Reconcile again at this time (ms) even if nothing changes: a not-Ready node's grace ends. */
  requeueAt?: number;
}
