import { proceed, type FilterPlugin } from '../framework/plugin.js';
import { REASON_UNTOLERATED_TAINT } from '../framework/reasons.js';
import { SUCCESS, unresolvable } from '../framework/status.js';
import { compileTolerations, tolerates, type CompiledToleration } from '../internal/tolerations.js';

const UNTOLERATED = unresolvable(REASON_UNTOLERATED_TAINT);

/**
 * `NoSchedule` and `NoExecute` taints keep a workload off the node unless tolerated.
 * `PreferNoSchedule` taints only lower the score (TaintPreferNoSchedule plugin).
 */
export const taintTolerationPlugin: FilterPlugin<readonly CompiledToleration[]> = {
  name: 'TaintToleration',
  scope: 'static',
  preFilter(ctx) {
    return proceed(compileTolerations(ctx.spec.placement.tolerations));
  },
  filter(_ctx, { node }, tolerations) {
    for (const taint of node.taints) {
      if (taint.effect !== 'PreferNoSchedule' && !tolerates(tolerations, taint)) return UNTOLERATED;
    }
    return SUCCESS;
  },
};
