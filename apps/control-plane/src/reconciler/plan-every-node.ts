import { objectKey, type InstanceObject, type NodeObject } from '@mosaic/api';
import type { Placement } from '@mosaic/scheduler';
import { buildClusterSnapshot } from './cluster-snapshot.js';
import { isAvailable, type InstanceBuckets } from './instance-buckets.js';
import type { ReconcileInput, ReconcilePlan, StopDecision } from './reconcile-plan.js';
import { rollingBudget } from './rolling-budget.js';
import { planNodeTargets } from './plan-node-targets.js';
import { pickToStop, stopOrder } from './stop-order.js';

function groupByNode(instances: readonly InstanceObject[]): Map<string, InstanceObject[]> {
  const byNode = new Map<string, InstanceObject[]>();
  for (const i of instances) byNode.set(i.spec.node, [...(byNode.get(i.spec.node) ?? []), i]);
  return byNode;
}

/**
 * `placement.mode: everyNode` (a DaemonSet): one instance on every feasible node.
 *
 * - One scheduler call with the current revision's nodes as `existing` yields every feasible node
 *   without a current instance. Those without any instance are **growth**: placed at once. Those
 *   that still run an old revision are **replacements**, placed within the rolling budget with
 *   `replicas` = the number of nodes the workload runs on (plus growth).
 * - An old instance goes once its node's current one is available; one whose node cannot take a
 *   current one (no room next to it, or the node no longer fits) goes within `maxUnavailable`.
 * - A second instance on one node (a race, or a revision change back) is stopped.
 * - Instances stay on nodes that still host them even if the node stopped matching: eviction for
 *   label changes is left to the operator (delete the instance), so resource pressure from
 *   other workloads can never evict a probe.
 */
export function planEveryNode(
  input: ReconcileInput,
  b: InstanceBuckets,
  nodes: ReadonlyMap<string, NodeObject>,
): Pick<ReconcilePlan, 'place' | 'placeRevisions' | 'stop' | 'scheduling' | 'budget'> {
  const targets = input.rolloutTargets;
  if (targets?.nodes && input.workload.spec.rollout.strategy !== 'rolling') return planNodeTargets(input, b, nodes, { ...targets, nodes: targets.nodes });
  const stop: StopDecision[] = [];
  // Current instances per node, finished runs included (they keep their node's slot); keep the
  // best one of each node: the last in stop order.
  const currentByNode = new Map<string, InstanceObject>();
  for (const [node, list] of groupByNode([...b.current, ...b.finished])) {
    const ordered = stopOrder(list, nodes);
    currentByNode.set(node, ordered[ordered.length - 1]!);
    for (const extra of ordered.slice(0, -1)) stop.push({ instance: extra, reason: 'duplicate' });
  }
  const oldByNode = groupByNode(b.old);

  const existing: Placement[] = [...currentByNode.keys()].map((node, instanceIndex) => ({ instanceIndex, node }));
  const result = input.scheduler.schedule(
    { workload: { key: objectKey(input.workload.metadata), spec: input.workload.spec }, instances: 0, existing },
    buildClusterSnapshot(input.nodes, input.clusterInstances),
  );
  const growth = result.placements.filter((p) => !oldByNode.has(p.node)).map((p) => p.node);
  const candidates = result.placements.filter((p) => oldByNode.has(p.node)).map((p) => p.node);

  const runsOn = new Set([...currentByNode.keys(), ...oldByNode.keys(), ...growth]);
  const currentLive = currentByNode.size + growth.length;
  const currentAvailable = [...currentByNode.values()].filter((i) => i.status?.state === 'Succeeded' || i.status?.state === 'Failed' || isAvailable(i, nodes)).length;
  const oldOnly = [...oldByNode.keys()].filter((node) => !currentByNode.has(node));
  const budget = rollingBudget({
    replicas: runsOn.size,
    maxSurge: input.workload.spec.rollout.maxSurge,
    maxUnavailable: input.workload.spec.rollout.maxUnavailable,
    currentLive,
    currentAvailable,
    oldLive: oldOnly.length,
    oldAvailable: oldOnly.filter((node) => oldByNode.get(node)!.some((i) => isAvailable(i, nodes))).length,
  });
  const replacements = candidates.slice(0, budget.create);

  for (const [node, olds] of oldByNode) {
    const current = currentByNode.get(node);
    if (current && isAvailable(current, nodes)) {
      // The node's new instance serves: the old ones on it are redundant.
      for (const instance of olds) stop.push({ instance, reason: 'rolling' });
    } else {
      // Keep the best old one per node; extras are duplicates.
      for (const extra of stopOrder(olds, nodes).slice(0, -1)) stop.push({ instance: extra, reason: 'duplicate' });
    }
  }
  // Old-only nodes that cannot take a replacement now: free their old instance within maxUnavailable.
  const stuck = oldOnly.filter((node) => !candidates.includes(node)).map((node) => stopOrder(oldByNode.get(node)!, nodes).at(-1)!);
  const stuckUnavailable = stuck.filter((i) => !isAvailable(i, nodes));
  const stuckAvailable = stuck.filter((i) => isAvailable(i, nodes));
  for (const instance of pickToStop(stuckUnavailable, budget.stopOldUnavailable, nodes)) stop.push({ instance, reason: 'rolling' });
  for (const instance of pickToStop(stuckAvailable, budget.stopOldAvailable, nodes)) stop.push({ instance, reason: 'rolling' });

  const place = [...growth, ...replacements].sort();
  const wanted = growth.length + Math.min(candidates.length, budget.create);
  return {
    place,
    stop,
    budget,
    scheduling: { wanted, placed: place.length, ...(result.diagnosis ? { diagnosis: result.diagnosis } : {}) },
  };
}
