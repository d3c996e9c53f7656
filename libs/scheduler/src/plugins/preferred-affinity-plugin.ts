import { SKIP, proceed, type ScorePlugin } from '../framework/plugin.js';
import { compileTerm, termMatches, type CompiledTerm } from '../internal/affinity-terms.js';

interface PreferredState {
  readonly terms: readonly CompiledTerm[];
  readonly totalWeight: number;
}

/**
 * Preferred `placement.affinity` terms (those with a `weight`, 1..100): the sum of the weights
 * of the terms the node matches, as a share of all preferred weights (so 100 when every term
 * matches). Normalising by the request's own total, not by the best node, keeps a node's score
 * independent of the other nodes.
 */
export function createPreferredAffinityPlugin(weight = 2): ScorePlugin<PreferredState> {
  return {
    name: 'PreferredAffinity',
    scope: 'static',
    weight,
    preScore(ctx) {
      const terms = (ctx.spec.placement.affinity ?? []).filter((t) => t.weight !== undefined).map(compileTerm);
      const totalWeight = terms.reduce((sum, t) => sum + t.weight, 0);
      return totalWeight === 0 ? SKIP : proceed({ terms, totalWeight });
    },
    score(_ctx, { node }, { terms, totalWeight }) {
      let matched = 0;
      for (const term of terms) {
        if (termMatches(term, node.labels)) matched += term.weight;
      }
      return (100 * matched) / totalWeight;
    },
  };
}
