import { proceed, type ScorePlugin } from '../framework/plugin.js';
import { compileTolerations, tolerates, type CompiledToleration } from '../internal/tolerations.js';

/**
 * `PreferNoSchedule` taints: a node with none the workload does not tolerate scores 100; with
 * k of them, 100 / (k + 1). The node stays feasible; it is just the last choice.
 */
export function createTaintPreferNoSchedulePlugin(weight = 3): ScorePlugin<readonly CompiledToleration[]> {
  return {
    name: 'TaintPreferNoSchedule',
    scope: 'static',
    weight,
    preScore(ctx) {
      return proceed(compileTolerations(ctx.spec.placement.tolerations));
    },
    score(_ctx, { node }, tolerations) {
      let untolerated = 0;
      for (const taint of node.taints) {
        if (taint.effect === 'PreferNoSchedule' && !tolerates(tolerations, taint)) untolerated++;
      }
      return 100 / (untolerated + 1);
    },
  };
}
