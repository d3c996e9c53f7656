import type { NodeInfo, SchedulingContext } from '../framework/scheduling-context.js';

/**
 * The node's average requested share of cpu and memory (0..1) once one more instance is on it.
 * A resource the node has no capacity of is left out of the average; over-commitment clamps to 1.
 */
export function allocatedShare(ctx: SchedulingContext, info: NodeInfo): number {
  const { cpuMillis, memoryBytes } = info.node.capacity;
  let sum = 0;
  let parts = 0;
  if (cpuMillis > 0) {
    sum += Math.min(1, (info.requestedCpuMillis + ctx.cpuMillis) / cpuMillis);
    parts++;
  }
  if (memoryBytes > 0) {
    sum += Math.min(1, (info.requestedMemoryBytes + ctx.memoryBytes) / memoryBytes);
    parts++;
  }
  return parts === 0 ? 1 : sum / parts;
}
