import { SKIP, proceed, type FilterPlugin } from '../framework/plugin.js';
import { REASON_SPREAD_SKEW } from '../framework/reasons.js';
import { SUCCESS, unschedulable } from '../framework/status.js';

const SKEWED = unschedulable(REASON_SPREAD_SKEW);

/**
 * `placement.spread`: one more instance in the node's domain must not put that domain more
 * than `maxSkew` above the least-loaded eligible domain (kube-scheduler's PodTopologySpread
 * with `whenUnsatisfiable: DoNotSchedule`). Scope `domain`: asked once per domain per instance.
 * Nodes without the topology key never get here: the scheduler rejects them while building the
 * domains.
 */
export const topologySpreadPlugin: FilterPlugin = {
  name: 'TopologySpread',
  scope: 'domain',
  preFilter(ctx) {
    return ctx.spread === undefined ? SKIP : proceed(undefined);
  },
  filter(ctx, { domain }) {
    const spread = ctx.spread;
    if (spread === undefined || domain < 0) return SUCCESS;
    return (spread.counts[domain] ?? 0) + 1 - spread.minCount > spread.maxSkew ? SKEWED : SUCCESS;
  },
};
