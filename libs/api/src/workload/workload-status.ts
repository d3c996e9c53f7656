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

export interface RolloutStatus {
  stableRevision: number;
  currentRevision: number;
  stepIndex: number;
  stepsHash: string;
  phase: 'Progressing' | 'Paused' | 'Healthy' | 'Degraded' | 'Aborted';
  message?: string;
}

export interface WorkloadStatus {
  phase?: WorkloadPhase;
  observedGeneration?: number;
  conditions?: Condition[];
  instances?: InstanceStatus[];
  rollout?: RolloutStatus;
  /** The newest revision number of the spec. */
  revision?: number;
}
