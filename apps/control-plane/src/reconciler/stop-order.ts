import type { InstanceObject, InstanceState, NodeObject } from '@mosaic/api';
import { instanceState, isAvailable } from './instance-buckets.js';
import { isNodeReady } from './node-health.js';

const STATE_RANK: Record<InstanceState, number> = {
  Pending: 0, Starting: 1, Stopping: 2, Stopped: 3, Failed: 4, Succeeded: 5, Running: 6,
};

/**
 * Orders instances so the cheapest to lose come first (Kubernetes' `ActivePodsWithRanks` in
 * spirit): not available before available, on a not-Ready node before a Ready one, earlier
 * states before Running, on crowded nodes before lone ones (keeps the spread), newer before
 * older (the older ones have proved themselves), then by name for determinism.
 */
export function stopOrder(instances: readonly InstanceObject[], nodes: ReadonlyMap<string, NodeObject>): InstanceObject[] {
  const perNode = new Map<string, number>();
  for (const i of instances) perNode.set(i.spec.node, (perNode.get(i.spec.node) ?? 0) + 1);
  const key = (i: InstanceObject) => ({
    available: isAvailable(i, nodes) ? 1 : 0,
    ready: isNodeReady(nodes.get(i.spec.node)) ? 1 : 0,
    state: STATE_RANK[instanceState(i)],
    crowd: perNode.get(i.spec.node) ?? 0,
    created: Date.parse(i.metadata.creationTimestamp ?? '') || 0,
  });
  return [...instances]
    .map((instance) => ({ instance, k: key(instance) }))
    .sort((a, b) =>
      a.k.available - b.k.available ||
      a.k.ready - b.k.ready ||
      a.k.state - b.k.state ||
      b.k.crowd - a.k.crowd ||
      b.k.created - a.k.created ||
      (a.instance.metadata.name < b.instance.metadata.name ? 1 : a.instance.metadata.name > b.instance.metadata.name ? -1 : 0),
    )
    .map(({ instance }) => instance);
}

/** The first `n` of `instances` in stop order. */
export function pickToStop(instances: readonly InstanceObject[], n: number, nodes: ReadonlyMap<string, NodeObject>): InstanceObject[] {
  return n <= 0 ? [] : stopOrder(instances, nodes).slice(0, n);
}
