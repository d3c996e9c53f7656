import type { Condition, ConditionStatus } from '@mosaic/api';

/** Workload condition types the reconciler owns, in the order they are listed. */
export const ConditionType = {
  /** Every instance that should exist has a node (False: `Unschedulable` + the scheduler's reasons). */
  Scheduled: 'Scheduled',
  /** At least `replicas − maxUnavailable` instances are available. */
  Available: 'Available',
  /** Where the rollout of the current revision stands. */
  Progressing: 'Progressing',
  /** Some instance keeps crashing (present once it has happened; False after recovery). */
  CrashLoop: 'CrashLoop',
  /** Runtime `function`: the autoscaler's sizing (`ScaledToZero` / `ScaledToLoad`). */
  Scaled: 'Scaled',
} as const;

export const OWNED_CONDITIONS: readonly string[] = Object.values(ConditionType);

/** Reason constants of the conditions above, for programs to branch on. */
export const ConditionReason = {
  Scheduled: 'Scheduled',
  Unschedulable: 'Unschedulable',
  MinimumInstancesAvailable: 'MinimumInstancesAvailable',
  MinimumInstancesUnavailable: 'MinimumInstancesUnavailable',
  Completed: 'Completed',
  NewRevisionRolling: 'NewRevisionRolling',
  InstancesStarting: 'InstancesStarting',
  RolloutComplete: 'RolloutComplete',
  CrashLoopBackOff: 'CrashLoopBackOff',
  NoCrashLoop: 'NoCrashLoop',
  ScaledToZero: 'ScaledToZero',
  ScaledToLoad: 'ScaledToLoad',
} as const;

/** A condition before its transition time is known. */
export type ConditionDraft = Omit<Condition, 'lastTransitionTime'>;

export function draft(type: string, status: ConditionStatus, reason: string, message: string): ConditionDraft {
  return { type, status, reason, message };
}

/**
 * Merges freshly computed conditions into the previous ones: `lastTransitionTime` moves only
 * when a condition's status flips (a new reason or message alone keeps it, as in Kubernetes);
 * conditions of types this reconciler does not own (a rollout controller's) are kept as they were.
 */
export function mergeConditions(previous: readonly Condition[] | undefined, next: readonly ConditionDraft[], now: string): Condition[] {
  const before = new Map((previous ?? []).map((c) => [c.type, c]));
  const merged = next.map((c) => {
    const old = before.get(c.type);
    return { ...c, lastTransitionTime: old && old.status === c.status ? old.lastTransitionTime : now };
  });
  const foreign = (previous ?? []).filter((c) => !OWNED_CONDITIONS.includes(c.type));
  return [...merged, ...foreign];
}
