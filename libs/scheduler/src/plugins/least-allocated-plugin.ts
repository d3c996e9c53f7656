import type { ScorePlugin } from '../framework/plugin.js';
import { allocatedShare } from '../internal/allocated-share.js';

/**
 * Spreading by load (kube-scheduler's NodeResourcesFit `LeastAllocated`): prefers the node with
 * the most room left after placing the instance, averaged over cpu and memory. The opposite of
 * MostAllocated; choose one with `SchedulerOptions.resourceScoring`.
 */
export function createLeastAllocatedPlugin(weight = 1): ScorePlugin {
  return {
    name: 'LeastAllocated',
    scope: 'node',
    weight,
    score(ctx, info) {
      return 100 * (1 - allocatedShare(ctx, info));
    },
  };
}
