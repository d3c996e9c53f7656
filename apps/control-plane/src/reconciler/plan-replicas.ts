import { objectKey, type NodeObject } from '@mosaic/api';
import type { Placement } from '@mosaic/scheduler';
import { buildClusterSnapshot } from './cluster-snapshot.js';
import { isAvailable, type InstanceBuckets } from './instance-buckets.js';
import type { ReconcileInput, ReconcilePlan, StopDecision } from './reconcile-plan.js';
import { rollingBudget } from './rolling-budget.js';
import { planRevisionTargets } from './plan-revision-targets.js';
import { pickToStop } from './stop-order.js';

/**
 * `placement.mode: replicas`: keep `spec.replicas` instances of the current revision, rolling
 * old ones out within the budget of `rollingBudget` (see its worked examples). Finished
 * current-revision instances (run to completion) keep their slot, so they are never re-run.
 */
export function planReplicas(
  input: ReconcileInput,
  b: InstanceBuckets,
  nodes: ReadonlyMap<string, NodeObject>,
): Pick<ReconcilePlan, 'place' | 'placeRevisions' | 'stop' | 'scheduling' | 'budget'> {
  const { spec } = input.workload;
  if (input.rolloutTargets && spec.rollout.strategy !== 'rolling') return planRevisionTargets(input, b, nodes, input.rolloutTargets);
  const available = (list: typeof b.current) => list.filter((i) => isAvailable(i, nodes)).length;
  const budget = rollingBudget({
    replicas: spec.replicas,
    maxSurge: spec.rollout.maxSurge,
    maxUnavailable: spec.rollout.maxUnavailable,
    currentLive: b.current.length + b.finished.length,
    currentAvailable: available(b.current) + b.finished.length,
    oldLive: b.old.length,
    oldAvailable: available(b.old),
  });

  const oldUnavailable = b.old.filter((i) => !isAvailable(i, nodes));
  const oldAvailable = b.old.filter((i) => isAvailable(i, nodes));
  const surplus = pickToStop(b.current, budget.stopCurrentSurplus, nodes);
  // Finished records go only when live ones cannot cover a scale-down below their count.
  const finishedSurplus = pickToStop(b.finished, budget.stopCurrentSurplus - surplus.length, nodes);
  const stop: StopDecision[] = [
    ...[...surplus, ...finishedSurplus].map((instance) => ({ instance, reason: 'scale-down' as const })),
    ...pickToStop(oldUnavailable, budget.stopOldUnavailable, nodes).map((instance) => ({ instance, reason: 'rolling' as const })),
    ...pickToStop(oldAvailable, budget.stopOldAvailable, nodes).map((instance) => ({ instance, reason: 'rolling' as const })),
  ];

  if (budget.create === 0) return { place: [], stop, budget };

  // Spread counts only the current revision: old instances are on their way out, and counting
  // them would pile the new ones into the zones the old ones happen to leave empty.
  const existing: Placement[] = b.current.map((i, instanceIndex) => ({ instanceIndex, node: i.spec.node }));
  const result = input.scheduler.schedule(
    { workload: { key: objectKey(input.workload.metadata), spec }, instances: budget.create, existing },
    buildClusterSnapshot(input.nodes, input.clusterInstances),
  );
  const place = result.placements.map((p) => p.node);
  return {
    place,
    stop,
    budget,
    scheduling: { wanted: budget.create, placed: place.length, ...(result.diagnosis ? { diagnosis: result.diagnosis } : {}) },
  };
}
