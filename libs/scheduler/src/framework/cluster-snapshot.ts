import type { RuntimeName, TAINT_EFFECTS } from '@mosaic/api';

/** What a taint does to workloads that do not tolerate it (Kubernetes semantics). */
export type TaintEffect = (typeof TAINT_EFFECTS)[number];

/**
 * A node taint. `NoSchedule` and `NoExecute` keep untolerating workloads off the node;
 * `PreferNoSchedule` only lowers the node's score.
 */
export interface Taint {
  readonly key: string;
  /** Compared by tolerations with operator `Equal`; absent means `""`. */
  readonly value?: string;
  readonly effect: TaintEffect;
}

/** An amount of the two resources the scheduler accounts for. */
export interface ResourceAmounts {
  /** Millicores: `1000` is one core. */
  readonly cpuMillis: number;
  readonly memoryBytes: number;
}

/** Static host ports in use on a node, by protocol (each list without duplicates is not required). */
export interface UsedPorts {
  readonly TCP?: readonly number[];
  readonly UDP?: readonly number[];
}

/**
 * One node as the scheduler sees it: plain data, gathered by a placement backend (local agents
 * or Kubernetes Node objects). The scheduler never mutates it.
 */
export interface NodeSnapshot {
  /** Unique within the snapshot; what placements name. */
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly Taint[];
  /** `amd64`, `arm64`, ... as in `placement.arch`. */
  readonly arch: string;
  /** As `uname -r` prints it, e.g. `6.1.0-18-amd64`; only major.minor.patch is read. */
  readonly kernelVersion: string;
  /** Whether the kernel exposes BTF type information (CO-RE eBPF objects need it). */
  readonly btf: boolean;
  /** The runtimes the node's agent has drivers for. */
  readonly runtimes: readonly RuntimeName[];
  /** What the node offers to workloads in total. */
  readonly capacity: ResourceAmounts;
  /** What instances already on the node request (every workload, this one included). */
  readonly allocated: ResourceAmounts;
  /**
   * Static host ports the live instances on the node hold (every workload, this one included),
   * as their specs ask for them; dynamic ports never conflict and are not listed.
   * @defaultValue none
   */
  readonly usedPorts?: UsedPorts;
  /** The node is up and heartbeating. */
  readonly ready: boolean;
  /** False when the node is cordoned: it keeps its instances but takes no new ones. */
  readonly schedulable: boolean;
}

/**
 * The cluster at one point in time. Node order does not influence decisions (ties are broken by
 * a hash and by name), so backends may list nodes in any order.
 */
export interface ClusterSnapshot {
  readonly nodes: readonly NodeSnapshot[];
}
