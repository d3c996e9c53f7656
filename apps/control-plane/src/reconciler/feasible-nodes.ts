import { createScheduler, type Scheduler } from '@mosaic/scheduler';
import { objectKey, type InstanceObject, type NodeObject, type Workload } from '@mosaic/api';
import { buildClusterSnapshot } from './cluster-snapshot.js';

let shared: Scheduler | undefined;

/**
 * The nodes an everyNode workload may run on (Ready, matching, fitting beside every other
 * workload's instances): what a probe rollout's weight splits. Pure apart from the scheduler's
 * reusable buffers.
 */
export function feasibleNodes(workload: Workload, nodes: readonly NodeObject[], clusterInstances: readonly InstanceObject[], scheduler: Scheduler = (shared ??= createScheduler())): NodeObject[] {
  const others = clusterInstances.filter((i) => i.spec.workloadUid !== workload.metadata.uid || !workload.metadata.uid);
  const result = scheduler.schedule(
    { workload: { key: objectKey(workload.metadata), spec: workload.spec }, instances: 0, existing: [] },
    buildClusterSnapshot(nodes, others.filter((i) => !(i.metadata.namespace === workload.metadata.namespace && i.spec.workload === workload.metadata.name))),
  );
  const names = new Set(result.placements.map((p) => p.node));
  return nodes.filter((n) => names.has(n.metadata.name));
}
