import { routeInvocation } from '@mosaic/rollout';

/**
 * The parts of a workload's status that decide where an invocation goes. Tolerant of both
 * rollout shapes: libs/rollout's `RolloutState` (stableRevision, canaryRevision, weight, phase)
 * and the older `RolloutStatus` (stableRevision, currentRevision, phase, no weight).
 */
export interface RoutingStatus {
  revision?: number;
  rollout?: {
    stableRevision?: number;
    canaryRevision?: number;
    weight?: number;
    phase?: string;
  };
}

/** Rollout phases in which the canary no longer takes a share of its own. */
const SETTLED_PHASES = new Set(['Aborted', 'Completed']);

/**
 * The revision one invocation runs on, or undefined when the workload has no revision yet.
 *
 * - A rollout in progress (canaryRevision ≠ stableRevision, phase not Aborted/Completed) splits
 *   by `routeInvocation(weight, invocationId, String(canaryRevision))`: the same id always lands
 *   on the same side, so a retried or replayed invocation meets the same code.
 *   E.g. weight 20: ~20 % of ids go to the canary, the rest to stable.
 * - An aborted rollout routes everything to stable (the canary is being torn down).
 * - Otherwise the newest revision (`status.revision`), else a completed rollout's canary.
 */
export function routeRevision(status: RoutingStatus | undefined, invocationId: string): number | undefined {
  const rollout = status?.rollout;
  const stable = positive(rollout?.stableRevision);
  const canary = positive(rollout?.canaryRevision);
  if (rollout && stable !== undefined && canary !== undefined && canary !== stable) {
    if (rollout.phase === 'Aborted') return stable;
    if (!SETTLED_PHASES.has(rollout.phase ?? '')) {
      const weight = typeof rollout.weight === 'number' ? rollout.weight : 0;
      return routeInvocation(weight, invocationId, String(canary)) === 'canary' ? canary : stable;
    }
  }
  return positive(status?.revision) ?? canary ?? stable;
}

function positive(n: number | undefined): number | undefined {
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined;
}
