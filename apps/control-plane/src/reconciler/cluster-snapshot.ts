import { isStaticPort, parseCpuMillis, parseMemoryBytes, type InstanceObject, type NodeObject, type WorkloadSpec } from '@mosaic/api';
import type { ClusterSnapshot, NodeSnapshot, ResourceAmounts, UsedPorts } from '@mosaic/scheduler';
import { instanceState } from './instance-buckets.js';
import { isNodeReady } from './node-health.js';

/** What one instance of `spec` requests (unparseable quantities count as 0: validation rejects them). */
export function requestedResources(spec: Pick<WorkloadSpec, 'resources'>): ResourceAmounts {
  return {
    cpuMillis: parseCpuMillis(spec.resources.cpu) ?? 0,
    memoryBytes: parseMemoryBytes(spec.resources.memory) ?? 0,
  };
}

/**
 * Whether an instance still holds its node's resources: everything except instances that ran
 * to completion or were reported stopped. Instances being stopped still hold them until their
 * agent confirms — placing into that room early would overcommit the node.
 */
export function holdsResources(instance: InstanceObject): boolean {
  const state = instanceState(instance);
  return state !== 'Succeeded' && state !== 'Failed' && state !== 'Stopped';
}

/**
 * The scheduler's view of the cluster: every Node object with what the instances on it (of
 * every workload, from their own templates) request, and the static host ports they hold (for
 * NodePorts; an instance holds its ports exactly as long as its resources). Nodes that never
 * reported status are listed as not ready, so the diagnosis counts them.
 */
export function buildClusterSnapshot(nodes: readonly NodeObject[], instances: readonly InstanceObject[]): ClusterSnapshot {
  const allocated = new Map<string, { cpuMillis: number; memoryBytes: number }>();
  const usedPorts = new Map<string, { TCP: number[]; UDP: number[] }>();
  for (const instance of instances) {
    if (!holdsResources(instance)) continue;
    const request = requestedResources(instance.spec.template);
    const sum = allocated.get(instance.spec.node) ?? { cpuMillis: 0, memoryBytes: 0 };
    sum.cpuMillis += request.cpuMillis;
    sum.memoryBytes += request.memoryBytes;
    allocated.set(instance.spec.node, sum);
    for (const port of instance.spec.template.service?.ports ?? []) {
      if (!isStaticPort(port)) continue;
      let used = usedPorts.get(instance.spec.node);
      if (!used) usedPorts.set(instance.spec.node, (used = { TCP: [], UDP: [] }));
      used[port.protocol].push(port.port);
    }
  }
  return { nodes: nodes.map((node) => nodeSnapshot(node, allocated.get(node.metadata.name), usedPorts.get(node.metadata.name))) };
}

function nodeSnapshot(node: NodeObject, allocated: ResourceAmounts | undefined, usedPorts: UsedPorts | undefined): NodeSnapshot {
  const status = node.status;
  return {
    name: node.metadata.name,
    labels: node.metadata.labels ?? {},
    taints: node.spec?.taints ?? [],
    arch: status?.arch ?? '',
    kernelVersion: status?.kernelVersion ?? '',
    btf: status?.btf ?? false,
    runtimes: status?.runtimes ?? [],
    capacity: status?.capacity ?? { cpuMillis: 0, memoryBytes: 0 },
    allocated: allocated ?? { cpuMillis: 0, memoryBytes: 0 },
    ready: isNodeReady(node),
    schedulable: !node.spec?.unschedulable,
    ...(usedPorts ? { usedPorts } : {}),
  };
}
