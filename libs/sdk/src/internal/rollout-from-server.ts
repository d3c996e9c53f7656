import type { RolloutStatus } from '@mosaic/api';
import type { pb } from '@mosaic/proto';
import type { RolloutHistoryEntry, RolloutView } from '../rollout-types.js';

/** A received RolloutView (int64s as strings, the full state as JSON) as the SDK type. */
export function rolloutViewFromServer(v: pb.RolloutView__Output): RolloutView {
  return {
    namespace: v.namespace ?? '',
    name: v.name ?? '',
    runtime: v.runtime ?? '',
    replicas: v.replicas ?? 0,
    revision: Number(v.revision ?? 0),
    resourceVersion: v.resourceVersion ?? '',
    ...(v.stateJson ? { rollout: JSON.parse(v.stateJson) as RolloutStatus } : {}),
    revisions: (v.revisions ?? []).map((r) => ({
      revision: Number(r.revision ?? 0), live: r.live ?? 0, ready: r.ready ?? 0, restarts: r.restarts ?? 0,
      role: (r.role ?? 'old') as RolloutView['revisions'][number]['role'],
    })),
    steps: v.steps ?? [],
  };
}

export function historyFromServer(res: pb.HistoryResponse__Output): RolloutHistoryEntry[] {
  return (res.revisions ?? []).map((h) => ({
    revision: Number(h.revision ?? 0),
    changeCause: h.changeCause ?? '',
    createdAt: h.createdAt ?? '',
    role: (h.role ?? '') as RolloutHistoryEntry['role'],
  }));
}
