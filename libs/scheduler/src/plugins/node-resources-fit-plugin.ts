import { SKIP, proceed, type FilterPlugin } from '../framework/plugin.js';
import { REASON_INSUFFICIENT_CPU, REASON_INSUFFICIENT_MEMORY } from '../framework/reasons.js';
import { SUCCESS, unschedulable } from '../framework/status.js';

const NO_CPU = unschedulable(REASON_INSUFFICIENT_CPU);
const NO_MEMORY = unschedulable(REASON_INSUFFICIENT_MEMORY);
const NO_CPU_NO_MEMORY = unschedulable(REASON_INSUFFICIENT_CPU, REASON_INSUFFICIENT_MEMORY);

/**
 * One more instance must fit in `capacity − allocated − reserved in this call`. Scope `node`:
 * the answer changes only when this call reserves an instance on the node, and once it no
 * longer fits it never fits again within the call (every instance asks the same).
 */
export const nodeResourcesFitPlugin: FilterPlugin = {
  name: 'NodeResourcesFit',
  scope: 'node',
  preFilter(ctx) {
    return ctx.cpuMillis === 0 && ctx.memoryBytes === 0 ? SKIP : proceed(undefined);
  },
  filter(ctx, info) {
    const { capacity } = info.node;
    // A zero request fits even on an overcommitted node.
    const cpuShort = ctx.cpuMillis > 0 && info.requestedCpuMillis + ctx.cpuMillis > capacity.cpuMillis;
    const memoryShort = ctx.memoryBytes > 0 && info.requestedMemoryBytes + ctx.memoryBytes > capacity.memoryBytes;
    if (cpuShort) return memoryShort ? NO_CPU_NO_MEMORY : NO_CPU;
    return memoryShort ? NO_MEMORY : SUCCESS;
  },
};
