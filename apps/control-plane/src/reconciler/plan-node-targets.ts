import type { InstanceObject, NodeObject } from '@mosaic/api';
import type { RolloutTargets } from '@mosaic/rollout';
import { isAvailable, type InstanceBuckets } from './instance-buckets.js';
import type { ReconcilePlan, ReconcileInput, StopDecision } from './reconcile-plan.js';
import { stopOrder } from './stop-order.js';

/**
 * `placement.mode: everyNode` under a canary (probes): the rollout machine names which nodes run
 * the canary revision and which the stable one (`targets.nodes`, in the order `nodeOrderLabel`
 * steers). Per node: place the wanted revision if it is missing; once it is available, stop the
 * node's other instances (a swap per node, no moment without a probe). A wanted instance that
 * failed (did not attach, did not verify) leaves the node's previous one running: the rollout
 * halts there, its analysis sees the failure. Nodes the machine does not name are left alone.
 * Pure.
 */
export function planNodeTargets(
  input: ReconcileInput,
  b: InstanceBuckets,
  nodes: ReadonlyMap<string, NodeObject>,
  targets: RolloutTargets & { nodes: { canary: string[]; stable: string[] } },
): Pick<ReconcilePlan, 'place' | 'placeRevisions' | 'stop' | 'scheduling'> {
  const want = new Map<string, number>();
  for (const node of targets.nodes.stable) want.set(node, targets.stable.revision);
  for (const node of targets.nodes.canary) want.set(node, targets.canary?.revision ?? input.revision);

  const byNode = new Map<string, InstanceObject[]>();
  for (const i of [...b.current, ...b.old, ...b.finished]) byNode.set(i.spec.node, [...(byNode.get(i.spec.node) ?? []), i]);

  const place: string[] = [];
  const placeRevisions: { node: string; revision: number }[] = [];
  const stop: StopDecision[] = [];
  for (const [node, revision] of [...want].sort(([x], [y]) => (x < y ? -1 : 1))) {
    const here = byNode.get(node) ?? [];
    const mine = stopOrder(here.filter((i) => i.spec.revision === revision), nodes);
    const others = here.filter((i) => i.spec.revision !== revision);
    if (!mine.length) {
      if (revision === input.revision) place.push(node);
      else placeRevisions.push({ node, revision });
      continue;
    }
    const best = mine[mine.length - 1]!;
    for (const extra of mine.slice(0, -1)) stop.push({ instance: extra, reason: 'duplicate' });
    if (isAvailable(best, nodes)) for (const instance of others) stop.push({ instance, reason: 'rolling' });
  }
  const wanted = place.length + placeRevisions.length;
  return { place, ...(placeRevisions.length ? { placeRevisions } : {}), stop, ...(wanted ? { scheduling: { wanted, placed: wanted } } : {}) };
}
