import type { NodeObject } from '@mosaic/api';
import { classifyInstances, type InstanceBuckets } from './instance-buckets.js';
import { planEveryNode } from './plan-every-node.js';
import { planFunction } from './plan-function.js';
import { planReplicas } from './plan-replicas.js';
import type { ReconcileInput, ReconcilePlan, StopDecision } from './reconcile-plan.js';

/**
 * The reconciler's pure core: desired state (the workload and its current revision) against
 * actual state (its instances, the nodes), as a plan the controller applies. A flat sequence,
 * Argo-style; each step reads the buckets and adds decisions:
 *
 * 1. **Buckets** (Nomad's reconciler): current / old revision, finished (run to completion),
 *    defunct, stopping, lost (node gone or not Ready past the grace).
 * 2. **Deleting**: stop every instance, release the lost ones, place nothing.
 * 3. **Release** the lost, stop old finished records and defunct instances — none of them runs,
 *    so none counts for availability, and their slots are refilled below.
 * 4. **Place and stop** per placement mode: `replicas` (rolling budget, scheduler for new
 *    instances) or `everyNode` (one per feasible node, replaced in place within the budget).
 * 5. **Requeue** when a not-Ready node's grace will run out, since no event marks that moment.
 *
 * Deterministic: the same input always gives the same plan (the scheduler is pure too).
 */
export function planReconcile(input: ReconcileInput): ReconcilePlan {
  const nodes = indexNodes(input.nodes);
  const buckets = classifyInstances(input.instances, {
    revision: input.revision,
    nodes,
    now: input.now,
    nodeLostGraceMs: input.nodeLostGraceMs,
  });
  const base: ReconcilePlan = {
    buckets,
    place: [],
    stop: [],
    lost: buckets.lost,
    ...(buckets.nextLostAt !== undefined ? { requeueAt: buckets.nextLostAt } : {}),
  };

  if (input.workload.metadata.deletionTimestamp) return { ...base, stop: stopEverything(buckets) };

  const released: StopDecision[] = [
    ...buckets.finishedOld.map((instance) => ({ instance, reason: 'old-finished' as const })),
    ...buckets.defunct.map((instance) => ({ instance, reason: 'defunct' as const })),
  ];
  const byMode = input.workload.spec.placement.mode === 'everyNode'
    ? planEveryNode(input, buckets, nodes)
    : input.workload.spec.runtime === 'function' ? planFunction(input, buckets, nodes) // scaled by the function autoscaler
    : planReplicas(input, buckets, nodes);
  return { ...base, ...byMode, stop: [...released, ...byMode.stop] };
}

function stopEverything(b: InstanceBuckets): StopDecision[] {
  return [...b.current, ...b.old, ...b.finished, ...b.finishedOld, ...b.defunct].map((instance) => ({ instance, reason: 'deleting' as const }));
}

export function indexNodes(nodes: readonly NodeObject[]): Map<string, NodeObject> {
  return new Map(nodes.map((n) => [n.metadata.name, n]));
}
