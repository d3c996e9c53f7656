import { KWOK_NODE_ANNOTATION, KWOK_NODE_ANNOTATION_VALUE } from './components.js';

/** Labels Mosaic's placement reads, besides the well-known Kubernetes ones. */
export const KERNEL_VERSION_LABEL = 'mosaic.dev/kernel-version';
export const WASM_LABEL = 'mosaic.dev/wasm';
export const BTF_LABEL = 'mosaic.dev/btf';
/** Every node this tool creates carries it, so tests can tell them apart. */
export const SIMULATED_LABEL = 'mosaic.dev/simulated';

const ZONES = ['zone-a', 'zone-b', 'zone-c'] as const;
const KERNELS = ['6.1.0', '5.15.0', '6.8.0'] as const;

/** The shape of a simulated node, before it becomes a Node object. */
export interface SimulatedNode {
  readonly name: string;
  readonly arch: 'amd64' | 'arm64';
  readonly zone: string;
  readonly kernelVersion: string;
  readonly wasm: boolean;
  readonly cpu: string;
  readonly memory: string;
  readonly pods: string;
}

/**
 * A small, deliberately mixed fleet: zones rotate a/b/c, every third node is
 * arm64, kernels differ (so version filters have something to reject), and
 * even-numbered nodes run Wasm.
 */
export function simulatedNodes(count: number): SimulatedNode[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `mosaic-node-${i}`,
    arch: i % 3 === 2 ? 'arm64' : 'amd64',
    zone: ZONES[i % ZONES.length] ?? 'zone-a',
    kernelVersion: KERNELS[i % KERNELS.length] ?? '6.1.0',
    wasm: i % 2 === 0,
    cpu: '4',
    memory: '8Gi',
    pods: '110',
  }));
}

/** The Node object applied for a simulated node (metadata and spec; status is patched separately). */
export function nodeManifest(node: SimulatedNode): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: node.name,
      annotations: {
        [KWOK_NODE_ANNOTATION]: KWOK_NODE_ANNOTATION_VALUE,
        'node.alpha.kubernetes.io/ttl': '0',
      },
      labels: {
        'kubernetes.io/hostname': node.name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': node.arch,
        'beta.kubernetes.io/os': 'linux',
        'beta.kubernetes.io/arch': node.arch,
        'topology.kubernetes.io/region': 'local',
        'topology.kubernetes.io/zone': node.zone,
        'node.kubernetes.io/instance-type': 'kwok',
        [KERNEL_VERSION_LABEL]: node.kernelVersion,
        [BTF_LABEL]: 'true',
        [SIMULATED_LABEL]: 'true',
        ...(node.wasm ? { [WASM_LABEL]: 'true' } : {}),
      },
    },
    spec: {},
  };
}

/**
 * Capacity and nodeInfo, written through the status subresource. kwok's
 * node-initialize stage keeps values that are already set, so these survive.
 */
export function nodeStatusPatch(node: SimulatedNode, kubeletVersion: string): Record<string, unknown> {
  const resources = { cpu: node.cpu, memory: node.memory, pods: node.pods };
  return {
    status: {
      capacity: resources,
      allocatable: resources,
      nodeInfo: {
        architecture: node.arch,
        operatingSystem: 'linux',
        kernelVersion: `${node.kernelVersion}-mosaic`,
        kubeletVersion,
        kubeProxyVersion: kubeletVersion,
        containerRuntimeVersion: 'kwok',
        osImage: 'Mosaic simulated node',
        bootID: '',
        machineID: node.name,
        systemUUID: node.name,
      },
    },
  };
}

/** RuntimeClasses for Wasm: pods that ask for one land only on nodes labelled for it. */
export function runtimeClassManifests(): Record<string, unknown>[] {
  return [{
    apiVersion: 'node.k8s.io/v1',
    kind: 'RuntimeClass',
    metadata: { name: 'wasmtime', labels: { [SIMULATED_LABEL]: 'true' } },
    handler: 'wasmtime',
    scheduling: { nodeSelector: { [WASM_LABEL]: 'true' } },
  }];
}
