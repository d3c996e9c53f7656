import type { RolloutEvent } from '../events/rollout-event.js';
import type { RolloutCommandKind } from './rollout-input.js';
import type { RolloutState } from './rollout-state.js';

export interface RevisionTarget {
  revision: number;
  /** Instances (nodes, for probes) of this revision to have now. */
  instances: number;
}

/**
 * What should run now. Revisions not named here should have no instances. Counts are one tick
 * of the transition (within maxSurge / maxUnavailable), not the step's end state: apply them,
 * and reconcile again when instances change.
 */
export interface RolloutTargets {
  stable: RevisionTarget;
  /** The revision being rolled out; absent when none is (idle, or aborted and fully restored). */
  canary?: RevisionTarget;
  /** Other revisions still running, and how many of their instances may remain this tick. */
  old: RevisionTarget[];
  /**
   * The canary's share of traffic, 0..100: of invocations for a function (`routeInvocation`),
   * the active side for blue-green (0 while previewing, 100 once switched). 0 without a canary.
   */
  weight: number;
  /** Probes (`input.nodes` given): which nodes run which revision, in rollout order. */
  nodes?: { canary: string[]; stable: string[] };
}

export interface HandledCommand {
  seq: number;
  kind: RolloutCommandKind;
  outcome: 'Applied' | 'Ignored';
  message: string;
}

export interface RolloutDecision {
  /** The next state: persist it as `status.rollout` (with the workload's other status). */
  state: RolloutState;
  targets: RolloutTargets;
  /**
   * Milliseconds until the next timed event (a pause's end, an analysis measurement, the
   * progress deadline): reconcile again then even if nothing else changes. Absent: nothing timed
   * is pending; reconcile on changes only.
   */
  requeueAfter?: number;
  /** This reconcile's transitions, oldest first (also appended, bounded, to `state.events`). */
  events: RolloutEvent[];
  /** The operator commands this reconcile handled, in `seq` order. */
  commands: HandledCommand[];
}
