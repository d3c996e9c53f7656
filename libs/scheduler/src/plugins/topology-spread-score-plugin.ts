import { SKIP, proceed, type ScorePlugin } from '../framework/plugin.js';

/**
 * Prefers the spread domains with the fewest instances of the workload: 100 for the
 * least-loaded domain, 0 for the most-loaded, linear in between (100 everywhere when all are
 * equal). Within `maxSkew` this is what spreads instances evenly rather than just legally.
 */
export function createTopologySpreadScorePlugin(weight = 2): ScorePlugin {
  return {
    name: 'TopologySpreadScore',
    scope: 'domain',
    weight,
    preScore(ctx) {
      return ctx.spread === undefined ? SKIP : proceed(undefined);
    },
    score(ctx, { domain }) {
      const spread = ctx.spread;
      if (spread === undefined || domain < 0) return 0;
      const { minCount, maxCount } = spread;
      if (maxCount === minCount) return 100;
      const count = spread.counts[domain] ?? 0;
      return Math.max(0, (100 * (maxCount - count)) / (maxCount - minCount));
    },
  };
}
