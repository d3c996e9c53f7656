import type { ScorePlugin } from '../framework/plugin.js';
import { allocatedShare } from '../internal/allocated-share.js';

/**
 * Bin-packing (kube-scheduler's NodeResourcesFit `MostAllocated`): prefers the node that would be
 * fullest after placing the instance, averaged over cpu and memory. Filling nodes keeps others
 * empty for large instances and lets idle nodes be drained. Scope `node`: the node's score
 * rises as this call places instances on it, so replicas stack until the node is full unless
 * spread says otherwise.
 */
export function createMostAllocatedPlugin(weight = 1): ScorePlugin {
  return {
    name: 'MostAllocated',
    scope: 'node',
    weight,
    score(ctx, info) {
      return 100 * allocatedShare(ctx, info);
    },
  };
}
