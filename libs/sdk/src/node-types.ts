import type { NodeObject } from '@mosaic/api';
import type { RequestOptions } from './mosaic-client-types.js';

/** What the instances bound to a node request of it (those that have not ended). */
export interface NodeAllocation {
  cpuMillis: number;
  memoryBytes: number;
  instances: number;
}

/** A Node as `NodeService` returns it: the stored object plus its current allocation. */
export type NodeView = NodeObject & { allocated: NodeAllocation };

export interface ListNodesOptions extends RequestOptions {
  /**
   * Only nodes whose labels match, e.g. `zone=a,!gpu`.
   * @defaultValue every node
   */
  labelSelector?: string;
}

/** Which output `MosaicClient.logs` streams. Exactly one of `workload` and `instance`. */
export interface LogsOptions {
  /** @defaultValue `default` */
  namespace?: string;
  /** Every instance of this workload, each chunk labelled with its instance. */
  workload?: string;
  /** One instance (an Instance name, as in `status.instances[].id`). */
  instance?: string;
  /**
   * Keep streaming new output until the instance ends or `signal` aborts.
   * @defaultValue false
   */
  follow?: boolean;
  /** Only the last N bytes of each instance's output. @defaultValue everything retained */
  tailBytes?: number;
  /** Only the last N lines of each instance's output. @defaultValue everything retained */
  tailLines?: number;
  /** Ends the stream. */
  signal?: AbortSignal;
}

/** A piece of one instance's output. */
export interface LogChunk {
  instance: string;
  node: string;
  data: string;
}

/** Options of {@link MosaicClient.probeOutput}. */
export interface ProbeOutputOptions {
  /** @defaultValue `default` */
  namespace?: string;
  /** The probe workload (any workload whose instances export metrics). */
  workload: string;
  /** Gives up after this long. @defaultValue the client's deadline */
  signal?: AbortSignal;
}

/** One value of a probe's output, as its agent's `/metrics` shows it. */
export interface ProbeSample {
  /** The Prometheus sample name (`mosaic_probe_opens_total`, `…_bucket`, …). */
  name: string;
  /** Its labels, including `namespace`, `workload`, `instance` and `node`. */
  labels: Record<string, string>;
  value: number;
  /** The family's TYPE: counter, gauge, histogram, summary (`untyped` when not announced). */
  type: string;
}

/** The latest metric values of one instance of a probe, read from its node's agent just now. */
export interface ProbeOutput {
  instance: string;
  node: string;
  samples: ProbeSample[];
  /** Set when the node could not answer (agent disconnected, instance not started there yet). */
  error?: string;
}
