import { SKIP, proceed, type FilterPlugin } from '../framework/plugin.js';
import { REASON_NODE_SELECTOR } from '../framework/reasons.js';
import { SUCCESS, unresolvable } from '../framework/status.js';
import { labelOf } from '../internal/labels.js';

const MISMATCH = unresolvable(REASON_NODE_SELECTOR);

interface NodeSelectorState {
  readonly keys: readonly string[];
  readonly values: readonly string[];
}

/** Every `placement.nodeSelector` label must be present on the node with the same value. */
export const nodeSelectorPlugin: FilterPlugin<NodeSelectorState> = {
  name: 'NodeSelector',
  scope: 'static',
  preFilter(ctx) {
    const selector = ctx.spec.placement.nodeSelector ?? {};
    const keys = Object.keys(selector).sort();
    if (keys.length === 0) return SKIP;
    return proceed({ keys, values: keys.map((k) => selector[k] ?? '') });
  },
  filter(_ctx, { node }, { keys, values }) {
    for (let i = 0; i < keys.length; i++) {
      if (labelOf(node.labels, keys[i] ?? '') !== values[i]) return MISMATCH;
    }
    return SUCCESS;
  },
};
