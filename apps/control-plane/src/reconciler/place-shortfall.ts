import { objectKey } from '@mosaic/api';
import type { Placement } from '@mosaic/scheduler';
import { buildClusterSnapshot } from './cluster-snapshot.js';
import type { InstanceBuckets } from './instance-buckets.js';
import type { ReconcileInput, ReconcilePlan } from './reconcile-plan.js';

/** Instances still missing for one revision. */
export interface RevisionShortfall {
  revision: number;
  count: number;
}

/**
 * Places the missing instances of several revisions in one scheduler pass (spread sees every live
 * instance), serving `first` before the others when nodes run short: the current revision's
 * instances go to `place`, other revisions' to `placeRevisions`.
 */
export function placeShortfall(
  input: ReconcileInput,
  b: InstanceBuckets,
  shortfall: readonly RevisionShortfall[],
  first: number,
): Pick<ReconcilePlan, 'place' | 'placeRevisions' | 'scheduling'> {
  const wanted = shortfall.reduce((n, s) => n + s.count, 0);
  const existing: Placement[] = [...b.current, ...b.old].map((i, instanceIndex) => ({ instanceIndex, node: i.spec.node }));
  const result = input.scheduler.schedule(
    { workload: { key: objectKey(input.workload.metadata), spec: input.workload.spec }, instances: wanted, existing },
    buildClusterSnapshot(input.nodes, input.clusterInstances),
  );
  const placed = result.placements.map((p) => p.node);
  const place: string[] = [];
  const placeRevisions: { node: string; revision: number }[] = [];
  let next = 0;
  const ordered = [...shortfall].sort((x, y) => (x.revision === first ? -1 : y.revision === first ? 1 : x.revision - y.revision));
  for (const s of ordered) {
    for (let k = 0; k < s.count && next < placed.length; k++) {
      const node = placed[next++]!;
      if (s.revision === input.revision) place.push(node);
      else placeRevisions.push({ node, revision: s.revision });
    }
  }
  return {
    place,
    ...(placeRevisions.length ? { placeRevisions } : {}),
    scheduling: { wanted, placed: placed.length, ...(result.diagnosis ? { diagnosis: result.diagnosis } : {}) },
  };
}
