import type { RolloutEvent } from '../events/rollout-event.js';
import type { RolloutReason } from '../events/reasons.js';
import type { MetricKind } from '../steps/canary-step.js';

export type RolloutStrategy = 'rolling' | 'canary' | 'blueGreen';

/**
 * - `Progressing`: a rollout is moving (scaling, waiting for instances, measuring).
 * - `Paused`: a pause step, a blue-green preview waiting for `promote`, or an operator's `pause`.
 * - `Degraded`: a failed analysis or a missed progress deadline with `autoRollback: false`:
 *   the rollout holds its current split until an operator promotes, aborts or retries.
 * - `Aborted`: stopped (operator, or a failure with `autoRollback`): the stable revision is
 *   restored; `retry` starts over, a new revision starts a new rollout.
 * - `Completed`: the last rollout's revision serves 100% and is the stable revision.
 * - `Healthy`: nothing to roll out: first revision, or an undo back to the stable revision.
 */
export type RolloutPhase = 'Progressing' | 'Paused' | 'Healthy' | 'Degraded' | 'Aborted' | 'Completed';

/** A pause the steps asked for. */
export interface PauseState {
  /** `PauseStep`: a `pause` step. `Preview`: blue-green, preview ready, waiting for `promote`. */
  reason: 'PauseStep' | 'Preview';
  /** RFC 3339. */
  startedAt: string;
  /** RFC 3339: when a timed pause ends. Absent: until an operator promotes. */
  endsAt?: string;
}

/** An operator's `pause`: nothing advances until `resume` (or `promote`, `abort`). */
export interface OperatorPauseState {
  startedAt: string;
}

export type MeasurementOutcome = 'Successful' | 'Failed' | 'Inconclusive';

export interface MetricResult {
  name: string;
  kind: MetricKind;
  /** Absent when nothing could be measured (the measurement is inconclusive). */
  value?: number;
  /** The threshold applied (the spec's, or the kind's default); absent: recorded only. */
  threshold?: number;
  outcome: MeasurementOutcome;
}

export interface AnalysisMeasurement {
  at: string;
  outcome: MeasurementOutcome;
  results: MetricResult[];
}

/** The run of the current (or last) analysis step: what `mosaic rollout status` shows. */
export interface AnalysisRunState {
  stepIndex: number;
  phase: 'Running' | 'Successful' | 'Failed' | 'Skipped';
  startedAt: string;
  /** RFC 3339: when the next measurement is due (while Running). */
  nextMeasurementAt?: string;
  /** Measurements wanted (the step's `count`) and failures tolerated (`failureLimit`). */
  count: number;
  failureLimit: number;
  /** Conclusive measurements taken (successful + failed). */
  taken: number;
  failures: number;
  inconclusive: number;
  /** The newest measurements, oldest first (bounded by `RolloutOptions.maxMeasurements`). */
  measurements: AnalysisMeasurement[];
}

/** Why and when the rollout stopped (phases Aborted and Degraded). */
export interface AbortState {
  /** `Aborted` (operator), `AnalysisFailed` or `ProgressDeadlineExceeded`. */
  reason: RolloutReason;
  message: string;
  at: string;
  /** Aborted: the stable revision is fully back (the `RolledBack` event was recorded). */
  restored?: boolean;
}

/** Progress-deadline bookkeeping for the step being worked on. */
export interface ProgressState {
  /** RFC 3339: the last time the rollout got closer to its step's target. */
  lastProgressAt: string;
  /** The smallest distance to the step's target seen since then (instances still to move). */
  bestDistance: number;
}

/**
 * The whole durable state of a workload's rollout: what the controller persists in
 * `status.rollout` and hands back on the next reconcile. Plain JSON; nothing else is needed to
 * resume mid-rollout after a control-plane restart (a timed pause keeps its `endsAt`).
 */
export interface RolloutState {
  strategy: RolloutStrategy;
  phase: RolloutPhase;
  /** For people: the last transition's message. */
  message: string;
  /** The revision known good: what an abort restores. */
  stableRevision: number;
  /** The revision being rolled out; equal to `stableRevision` when no rollout is in progress. */
  canaryRevision: number;
  /**
   * Canary: index into the steps; `stepCount` once every step is done (going to 100%).
   * Blue-green: 0 while previewing, 1 once traffic is switched. Rolling: always 0.
   */
  currentStepIndex: number;
  stepCount: number;
  /** `stepsHash` of the steps this rollout runs (`StepsChanged` when the spec's differs). */
  stepsHash: string;
  /** The share of `canaryRevision` (0..100) the current step asks for; 100 when idle. */
  weight: number;
  /** RFC 3339: when the current (or last) rollout began and when it completed. */
  startedAt?: string;
  completedAt?: string;
  pause?: PauseState;
  operatorPause?: OperatorPauseState;
  /** Rolling: the canary instances held while paused or degraded (the split a hold keeps). */
  holdCanary?: number;
  analysis?: AnalysisRunState;
  abort?: AbortState;
  progress?: ProgressState;
  /** The highest operator command `seq` handled: commands at or below it are done. */
  commandSeq: number;
  /** The newest transitions, oldest first (bounded by `RolloutOptions.maxEvents`). */
  events: RolloutEvent[];
}
