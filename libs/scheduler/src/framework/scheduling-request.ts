import type { WorkloadSpec } from '@mosaic/api';

/**
 * The parts of a {@link WorkloadSpec} placement depends on. A full, validated `WorkloadSpec` is
 * one; tests and benchmarks may pass just these fields.
 */
export type SchedulingSpec = Pick<WorkloadSpec, 'runtime' | 'resources' | 'placement'> & {
  /** Only `ebpf.requires` (kernel range, BTF) is read. */
  readonly ebpf?: { readonly requires?: { readonly kernel?: string | undefined; readonly btf?: boolean | undefined } | undefined } | undefined;
  /** Only `service.ports` is read: a port with `port` set is a static host port (NodePorts). */
  readonly service?: { readonly ports?: readonly { readonly port?: number | undefined; readonly protocol: 'TCP' | 'UDP' }[] | undefined } | undefined;
};

/** One instance of a workload bound to a node. */
export interface Placement {
  /** The instance's ordinal within the workload (0-based, unique). */
  readonly instanceIndex: number;
  readonly node: string;
}

/** What to place: one workload, how many new instances, and where its instances already run. */
export interface SchedulingRequest {
  readonly workload: {
    /** `namespace/name`; also seeds the tie-break hash, so equal nodes are chosen per workload. */
    readonly key: string;
    readonly spec: SchedulingSpec;
  };
  /**
   * New instances to place in `replicas` mode. Ignored in `everyNode` mode, which places one on
   * every feasible node that does not host one yet.
   */
  readonly instances: number;
  /**
   * Instances of this workload that already run. They count for topology spread and for
   * `everyNode`, and their indices are not reused. Their resources must already be in the
   * nodes' `allocated`. Placements on nodes missing from the snapshot are ignored.
   * @defaultValue `[]`
   */
  readonly existing?: readonly Placement[];
}
