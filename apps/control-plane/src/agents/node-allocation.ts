import { parseCpuMillis, parseMemoryBytes, type InstanceObject } from '@mosaic/api';

/** What the instances bound to a node request of it. */
export interface NodeAllocation {
  cpuMillis: number;
  memoryBytes: number;
  instances: number;
}

/** States in which an instance holds nothing on its node any more. */
const RELEASED_STATES = new Set(['Succeeded', 'Failed', 'Stopped']);

/**
 * Sums the requests (`spec.template.resources`) of the instances bound to each node
 * (`spec.node`). An instance counts until it has ended: a terminating one still runs until
 * its agent stops it, a finished one (Succeeded, Failed, Stopped) holds nothing. Pure.
 */
export function allocationByNode(instances: readonly InstanceObject[]): Map<string, NodeAllocation> {
  const out = new Map<string, NodeAllocation>();
  for (const instance of instances) {
    if (RELEASED_STATES.has(instance.status?.state ?? '')) continue;
    const node = instance.spec.node;
    const sum = out.get(node) ?? { cpuMillis: 0, memoryBytes: 0, instances: 0 };
    const resources = instance.spec.template.resources;
    sum.cpuMillis += parseCpuMillis(resources?.cpu ?? '') ?? 0;
    sum.memoryBytes += parseMemoryBytes(resources?.memory ?? '') ?? 0;
    sum.instances += 1;
    out.set(node, sum);
  }
  return out;
}
