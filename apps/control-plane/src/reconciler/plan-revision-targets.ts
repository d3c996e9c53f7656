import { type InstanceObject, type NodeObject } from '@mosaic/api';
import type { RolloutTargets } from '@mosaic/rollout';
import type { InstanceBuckets } from './instance-buckets.js';
import type { ReconcileInput, ReconcilePlan, StopDecision } from './reconcile-plan.js';
import { placeShortfall, type RevisionShortfall } from './place-shortfall.js';
import { pickToStop } from './stop-order.js';

/** Instance count per revision: the rollout machine's targets flattened (revisions not named get 0). */
export function targetCounts(targets: RolloutTargets): Map<number, number> {
  const out = new Map<number, number>();
  const add = (revision: number, n: number) => out.set(revision, (out.get(revision) ?? 0) + Math.max(0, n));
  add(targets.stable.revision, targets.stable.instances);
  if (targets.canary) add(targets.canary.revision, targets.canary.instances);
  for (const o of targets.old) add(o.revision, o.instances);
  return out;
}

/**
 * `placement.mode: replicas` under a canary or blue-green rollout: the rollout machine says how
 * many instances each revision has now (one tick, already within maxSurge / maxUnavailable), and
 * this makes the live instances match — per revision, stop the surplus (unavailable ones first,
 * see `stopOrder`) and place the shortfall. Revisions other than the current one are placed too:
 * an abort restores the stable revision. Pure.
 *
 * Example: 4 replicas, stable 1 (4 live), canary 2 at weight 25 → targets {1: 3, 2: 1}: the
 * first tick places one of revision 2 (the machine keeps stable at 4 until it is available),
 * the next stops one of revision 1.
 */
export function planRevisionTargets(
  input: ReconcileInput,
  b: InstanceBuckets,
  nodes: ReadonlyMap<string, NodeObject>,
  targets: RolloutTargets,
): Pick<ReconcilePlan, 'place' | 'placeRevisions' | 'stop' | 'scheduling'> {
  const want = targetCounts(targets);
  const live = new Map<number, InstanceObject[]>();
  for (const i of [...b.current, ...b.old]) live.set(i.spec.revision, [...(live.get(i.spec.revision) ?? []), i]);
  // The current revision's finished records keep their slot (run-to-completion workloads).
  const finished = b.finished.length;

  const stop: StopDecision[] = [];
  const shortfall: RevisionShortfall[] = [];
  for (const revision of new Set([...want.keys(), ...live.keys()])) {
    const have = live.get(revision) ?? [];
    const target = want.get(revision) ?? 0;
    const count = have.length + (revision === input.revision ? finished : 0);
    if (count > target) {
      const reason = revision === input.revision ? 'scale-down' as const : 'rolling' as const;
      stop.push(...pickToStop(have, count - target, nodes).map((instance) => ({ instance, reason })));
    } else if (count < target) {
      shortfall.push({ revision, count: target - count });
    }
  }
  const wanted = shortfall.reduce((n, s) => n + s.count, 0);
  if (wanted === 0) return { place: [], stop };

  // The stable revision first: an abort restores it before anything else.
  return { ...placeShortfall(input, b, shortfall, targets.stable.revision), stop };
}
