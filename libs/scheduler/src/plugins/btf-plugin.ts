import { SKIP, proceed, type FilterPlugin } from '../framework/plugin.js';
import { REASON_BTF } from '../framework/reasons.js';
import { SUCCESS, unresolvable } from '../framework/status.js';

const NO_BTF = unresolvable(REASON_BTF);

/** With `ebpf.requires.btf: true` (CO-RE objects), the node's kernel must expose BTF. */
export const btfPlugin: FilterPlugin = {
  name: 'Btf',
  scope: 'static',
  preFilter(ctx) {
    return ctx.spec.ebpf?.requires?.btf === true ? proceed(undefined) : SKIP;
  },
  filter(_ctx, { node }) {
    return node.btf ? SUCCESS : NO_BTF;
  },
};
