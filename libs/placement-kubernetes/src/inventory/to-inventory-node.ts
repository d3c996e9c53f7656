import type { V1Node } from '@kubernetes/client-node';
import { cpuToMillicores, memoryToBytes, quantityToInteger } from '../quantity/parse-quantity.js';
import { ARCH_LABEL, KERNEL_VERSION_LABEL, type InventoryNode } from './inventory-node.js';

/**
 * Maps a Node object to an InventoryNode. Pure. Labels win over nodeInfo for arch
 * and kernel version: an operator's label is a deliberate statement (and the only
 * source on simulated nodes), nodeInfo is what the kubelet happened to report.
 * Missing or malformed quantities count as zero, so a half-initialised node is
 * simply unable to fit anything rather than an error.
 */
export function toInventoryNode(node: V1Node): InventoryNode {
  const labels = node.metadata?.labels ?? {};
  const allocatable = node.status?.allocatable ?? {};
  const nodeInfo = node.status?.nodeInfo;
  return {
    name: node.metadata?.name ?? '',
    labels: { ...labels },
    allocatable: {
      cpuMillicores: safe(cpuToMillicores, allocatable['cpu']),
      memoryBytes: safe(memoryToBytes, allocatable['memory']),
      pods: safe((q) => quantityToInteger(q), allocatable['pods']),
    },
    taints: (node.spec?.taints ?? []).map((t) => ({ key: t.key, effect: t.effect, ...(t.value === undefined ? {} : { value: t.value }) })),
    arch: nonEmpty(labels[ARCH_LABEL]) ?? nonEmpty(nodeInfo?.architecture),
    kernelVersion: nonEmpty(labels[KERNEL_VERSION_LABEL]) ?? nonEmpty(nodeInfo?.kernelVersion),
    ready: (node.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'),
    unschedulable: node.spec?.unschedulable === true,
    resourceVersion: node.metadata?.resourceVersion,
  };
}

function safe(parse: (q: string) => number, quantity: string | undefined): number {
  if (quantity === undefined) return 0;
  try {
    return parse(quantity);
  } catch {
    return 0;
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
