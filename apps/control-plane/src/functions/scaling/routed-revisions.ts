/** The parts of a workload's rollout status that decide routing (both rollout status shapes fit). */
export interface RoutingRollout {
  stableRevision?: number;
  canaryRevision?: number;
  phase?: string;
}

/**
 * The revisions new invocations of a function go to (mirrors `routeRevision` of the invoker):
 * stable and canary while a rollout is under way (they differ, phase neither Aborted nor
 * Completed); the stable one after an abort; otherwise the current revision. Every other
 * revision only drains.
 */
export function routedRevisions(current: number, rollout: RoutingRollout | undefined): number[] {
  const stable = positive(rollout?.stableRevision);
  const canary = positive(rollout?.canaryRevision);
  if (rollout && stable !== undefined && canary !== undefined && canary !== stable) {
    if (rollout.phase === 'Aborted') return [stable];
    if (rollout.phase !== 'Completed') return [stable, canary].sort((a, b) => a - b);
  }
  return [current];
}

function positive(n: number | undefined): number | undefined {
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined;
}
