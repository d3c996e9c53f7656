import type { RolloutStatus } from '@mosaic/api';

/** Instances of one revision in a rollout view. */
export interface RolloutRevisionCount {
  revision: number;
  live: number;
  ready: number;
  restarts: number;
  role: 'stable' | 'canary' | 'old';
}

/** What `mosaic rollout status` shows: the whole controller state plus instance counts per revision. */
export interface RolloutView {
  namespace: string;
  name: string;
  runtime: string;
  replicas: number;
  /** The revision the spec maps to. */
  revision: number;
  resourceVersion: string;
  /** The rollout controller's state (absent before the first reconcile). */
  rollout?: RolloutStatus;
  revisions: RolloutRevisionCount[];
  /** The canary steps in a human form ("setWeight 25", "pause 30s"). */
  steps: string[];
}

export interface RolloutHistoryEntry {
  revision: number;
  changeCause: string;
  createdAt: string;
  role: 'stable' | 'canary' | '';
}

/** Result of a recorded rollout command. */
export interface RolloutCommandResult {
  seq: number;
  message: string;
}

/** Result of `undo` and `restart`: the new revision. */
export interface RevisionChangeResult {
  revision: number;
  message: string;
}
