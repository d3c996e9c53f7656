import type { Condition } from '../workload/workload-status.js';
import type { RuntimeName } from '../workload/workload-schema.js';
import type { StoredObject } from './object-meta.js';

/**
 * A Node is a machine an agent runs on. Cluster-scoped (namespace `''`), named by the
 * agent's `--node-name`; `metadata.labels` are the agent's labels (zone, env, ...).
 * The control plane writes it when an agent registers and on heartbeats.
 */
export const NODE_KIND = 'Node';
export const CLUSTER_NAMESPACE = '';

export interface NodeTaint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/** What an operator may set on a node (`mosaic cordon`, taints). */
export interface NodeSpec {
  unschedulable?: boolean;
  taints?: NodeTaint[];
}

export type NodeState = 'Ready' | 'NotReady' | 'Unknown';

/** What the agent reports about its machine. */
export interface NodeStatus {
  state: NodeState;
  arch: string;
  /** `uname -r`, e.g. `6.1.0-18-amd64`. */
  kernelVersion: string;
  /** /sys/kernel/btf/vmlinux present. */
  btf: boolean;
  /** Root or CAP_BPF+CAP_PERFMON, with bpffs and tracefs mounted, and allowed by the agent's config. */
  canLoadBpf: boolean;
  /** Runtimes whose driver probe succeeded on this node. */
  runtimes: RuntimeName[];
  capacity: { cpuMillis: number; memoryBytes: number };
  agentVersion: string;
  lastHeartbeatTime: string;
  conditions?: Condition[];
}

export type NodeObject = StoredObject<NodeSpec, NodeStatus> & { kind: typeof NODE_KIND };
