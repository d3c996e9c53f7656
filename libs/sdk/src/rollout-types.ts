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

/** What applying a workload would make its rollout do (`apply --dry-run=server`). */
export interface RolloutPreview {
  revision: number;
  /** `new`, `reuse` (an existing revision has this spec) or `current` (nothing to roll out). */
  revisionChange: 'new' | 'reuse' | 'current';
  stableRevision: number;
  strategy: string;
  /** Per step what it does, e.g. `1. setWeight 25: 1 of 4 instances on revision 3, 3 on revision 2`. */
  steps: string[];
  /** Probes: the matching nodes in rollout order. */
  nodeOrder: string[];
  summary: string;
}
