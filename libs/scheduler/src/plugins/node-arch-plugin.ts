import { SKIP, proceed, type FilterPlugin } from '../framework/plugin.js';
import { REASON_ARCH } from '../framework/reasons.js';
import { SUCCESS, unresolvable } from '../framework/status.js';

const MISMATCH = unresolvable(REASON_ARCH);

/** With `placement.arch` set, the node's architecture must be listed. */
export const nodeArchPlugin: FilterPlugin<readonly string[]> = {
  name: 'NodeArch',
  scope: 'static',
  preFilter(ctx) {
    const arch = ctx.spec.placement.arch;
    return arch === undefined || arch.length === 0 ? SKIP : proceed(arch);
  },
  filter(_ctx, { node }, arch) {
    return arch.includes(node.arch) ? SUCCESS : MISMATCH;
  },
};
