import { SKIP, proceed, type FilterPlugin } from '../framework/plugin.js';
import { REASON_NODE_AFFINITY } from '../framework/reasons.js';
import { SUCCESS, unresolvable } from '../framework/status.js';
import { compileTerm, termMatches, type CompiledTerm } from '../internal/affinity-terms.js';

const MISMATCH = unresolvable(REASON_NODE_AFFINITY);

/**
 * Every required `placement.affinity` term (one without `weight`) must hold. Terms with a
 * weight are preferences, scored by the PreferredAffinity plugin.
 */
export const nodeAffinityPlugin: FilterPlugin<readonly CompiledTerm[]> = {
  name: 'NodeAffinity',
  scope: 'static',
  preFilter(ctx) {
    const required = (ctx.spec.placement.affinity ?? []).filter((t) => t.weight === undefined).map(compileTerm);
    return required.length === 0 ? SKIP : proceed(required);
  },
  filter(_ctx, { node }, terms) {
    for (const term of terms) {
      if (!termMatches(term, node.labels)) return MISMATCH;
    }
    return SUCCESS;
  },
};
