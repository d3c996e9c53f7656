import type { FilterPlugin } from '../framework/plugin.js';
import { REASON_NOT_READY, REASON_UNSCHEDULABLE } from '../framework/reasons.js';
import { SUCCESS, unresolvable, unschedulable } from '../framework/status.js';

const NOT_READY = unschedulable(REASON_NOT_READY);
// Cordoning is an operator decision: only the operator (uncordon) resolves it.
const CORDONED = unresolvable(REASON_UNSCHEDULABLE);

/** Only ready, uncordoned nodes take new instances. */
export const nodeReadyPlugin: FilterPlugin = {
  name: 'NodeReady',
  scope: 'static',
  filter(_ctx, { node }) {
    if (!node.ready) return NOT_READY;
    return node.schedulable ? SUCCESS : CORDONED;
  },
};
