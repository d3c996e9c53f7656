import { type InstanceObject, type NodeObject } from '@mosaic/api';
import type { InstanceBuckets } from './instance-buckets.js';
import type { ReconcileInput, ReconcilePlan, StopDecision } from './reconcile-plan.js';
import { placeShortfall, type RevisionShortfall } from './place-shortfall.js';
import { pickToStop } from './stop-order.js';

/** What {@link planFunction} decides: the usual plan parts plus the total it aims at. */
export type FunctionPlan = Pick<ReconcilePlan, 'place' | 'placeRevisions' | 'stop' | 'scheduling' | 'desiredInstances'>;

/**
 * Runtime `function`: instances follow the function autoscaler, not `replicas`. Per revision,
 * `input.functionTargets` says how many instances it should have (see `scaleFunction` in
 * `src/functions/scaling`); this makes the live instances match — stop the surplus (not-ready
 * ones first, ready ones last: `stopOrder`), place the shortfall through the scheduler. Revisions
 * missing from the targets get 0; without targets (the autoscaler has not looked yet) every
 * revision keeps what it has. Scale-down needs no rolling budget: a stopped function instance's
 * unfinished jobs go back to its queue (BullMQ stall recovery) and the autoscaler only lowers a
 * count once the revision's queue no longer needs it. Pure.
 *
 * Example: targets {1: 0, 2: 3}, live: two of revision 1, one of revision 2 → stop both of 1,
 * place two of 2 (in `place`: the current revision); targets {1: 1} while 2 is current → one of
 * revision 1 in `placeRevisions` (an old revision draining its delayed retries).
 */
export function planFunction(input: ReconcileInput, b: InstanceBuckets, nodes: ReadonlyMap<string, NodeObject>): FunctionPlan {
  const live = new Map<number, InstanceObject[]>();
  for (const i of [...b.current, ...b.old]) live.set(i.spec.revision, [...(live.get(i.spec.revision) ?? []), i]);
  const targets = input.functionTargets ?? new Map([...live].map(([revision, list]) => [revision, list.length]));

  const stop: StopDecision[] = [];
  const shortfall: RevisionShortfall[] = [];
  for (const revision of [...new Set([...targets.keys(), ...live.keys()])].sort((x, y) => x - y)) {
    const have = live.get(revision) ?? [];
    const target = Math.max(0, targets.get(revision) ?? 0);
    if (have.length > target) {
      const reason = revision === input.revision ? 'scale-down' as const : 'rolling' as const;
      stop.push(...pickToStop(have, have.length - target, nodes).map((instance) => ({ instance, reason })));
    } else if (have.length < target) {
      shortfall.push({ revision, count: target - have.length });
    }
  }
  const desiredInstances = [...targets.values()].reduce((n, t) => n + Math.max(0, t), 0);
  const wanted = shortfall.reduce((n, s) => n + s.count, 0);
  if (wanted === 0) return { place: [], stop, desiredInstances };

  // The current revision first: that is where new invocations (and cold starts) wait.
  return { ...placeShortfall(input, b, shortfall, input.revision), stop, desiredInstances };
}
