import type { FilterPlugin } from '../framework/plugin.js';
import { REASON_RUNTIME_UNSUPPORTED } from '../framework/reasons.js';
import { SUCCESS, unresolvable } from '../framework/status.js';

const UNSUPPORTED = unresolvable(REASON_RUNTIME_UNSUPPORTED);

/** The node's agent must have a driver for the workload's runtime. */
export const runtimeAvailablePlugin: FilterPlugin = {
  name: 'RuntimeAvailable',
  scope: 'static',
  filter(ctx, { node }) {
    return node.runtimes.includes(ctx.spec.runtime) ? SUCCESS : UNSUPPORTED;
  },
};
