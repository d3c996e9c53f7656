/** Status is written by Mosaic (reconciler, agents, rollout controller), never by clients. */

import type { ResolvedPort } from './service-schema.js';

export type WorkloadPhase = 'Pending' | 'Running' | 'Degraded' | 'Failed' | 'Succeeded' | 'Terminating';
export type ConditionStatus = 'True' | 'False' | 'Unknown';
export type InstanceState = 'Pending' | 'Starting' | 'Running' | 'Succeeded' | 'Failed' | 'Stopping' | 'Stopped';

export interface Condition {
  /** Scheduled | Available | Progressing | CrashLoop | ... */
  type: string;
  status: ConditionStatus;
  /** A CamelCase constant a program can branch on. */
  reason: string;
  /** For people: what happened and what to do about it. */
  message: string;
  lastTransitionTime: string;
}

export interface InstanceStatus {
  id: string;
  node: string;
  revision: number;
  state: InstanceState;
  restarts: number;
  message?: string;
  /** The host ports the instance listens on (static and dynamic), once its agent reported them. */
  ports?: ResolvedPort[];
}

export type RolloutStatusPhase = 'Progressing' | 'Paused' | 'Healthy' | 'Degraded' | 'Aborted' | 'Completed';

/** One rollout transition (Kubernetes event style): what `mosaic describe` and `rollout status` show. */
export interface RolloutEventStatus {
  type: 'Normal' | 'Warning';
  /** A CamelCase constant (see @mosaic/rollout's reasons). */
  reason: string;
  message: string;
  /** RFC 3339. */
  at: string;
  /** The revision being rolled out when it happened. */
  revision: number;
}

/**
 * The rollout controller's durable state (`RolloutState` of @mosaic/rollout, persisted as is):
 * enough to resume mid-rollout after a control-plane restart. The function invoker routes with
 * `stableRevision`, `canaryRevision` and `weight`.
 */
export interface RolloutStatus {
  strategy: 'rolling' | 'canary' | 'blueGreen';
  phase: RolloutStatusPhase;
  message: string;
  /** The revision known good: what an abort restores. */
  stableRevision: number;
  /** The revision being rolled out; equal to `stableRevision` when none is. */
  canaryRevision: number;
  currentStepIndex: number;
  stepCount: number;
  stepsHash: string;
  /** The canary's share (0..100) the current step asks for; 100 when idle. */
  weight: number;
  /** The highest operator command `seq` handled. */
  commandSeq: number;
  /** The newest transitions, oldest first. */
  events: RolloutEventStatus[];
  startedAt?: string;
  completedAt?: string;
  /** A pause step (or a blue-green preview): `endsAt` set for a timed one. */
  pause?: { reason: 'PauseStep' | 'Preview'; startedAt: string; endsAt?: string };
  operatorPause?: { startedAt: string };
  holdCanary?: number;
  /** The current (or last) analysis run (see @mosaic/rollout's `AnalysisRunState`). */
  analysis?: {
    stepIndex: number;
    phase: 'Running' | 'Successful' | 'Failed' | 'Skipped';
    startedAt: string;
    nextMeasurementAt?: string;
    count: number;
    failureLimit: number;
    taken: number;
    failures: number;
    inconclusive: number;
    measurements: {
      at: string;
      outcome: 'Successful' | 'Failed' | 'Inconclusive';
      results: { name: string; kind: 'health' | 'restarts' | 'errorRate' | 'latencyP99' | 'attachSuccess'; value?: number; threshold?: number; outcome: 'Successful' | 'Failed' | 'Inconclusive' }[];
    }[];
  };
  abort?: { reason: string; message: string; at: string; restored?: boolean };
  progress?: { lastProgressAt: string; bestDistance: number };
}

/** `mosaic rollout promote | promote --full | pause | resume | abort | retry`. */
export type RolloutCommandKind = 'promote' | 'promoteFull' | 'pause' | 'resume' | 'abort' | 'retry';

/** An operator command recorded by the API and consumed by the rollout controller (seq above `rollout.commandSeq`). */
export interface RolloutCommandStatus {
  seq: number;
  kind: RolloutCommandKind;
  /** The canary revision the operator saw. */
  revision?: number;
  by?: string;
}

export interface WorkloadStatus {
  phase?: WorkloadPhase;
  observedGeneration?: number;
  conditions?: Condition[];
  instances?: InstanceStatus[];
  rollout?: RolloutStatus;
  /** Operator commands not yet handled by the rollout controller, in `seq` order. */
  rolloutCommands?: RolloutCommandStatus[];
  /** The newest revision number of the spec. */
  revision?: number;
}
