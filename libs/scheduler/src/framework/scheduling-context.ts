import type { ClusterSnapshot, NodeSnapshot } from './cluster-snapshot.js';
import type { SchedulingRequest, SchedulingSpec } from './scheduling-request.js';

/**
 * Per-request data every plugin may read, built once by the scheduler before PreFilter.
 * Plugins keep their own parsed state (selectors, tolerations, ranges) in what their
 * `preFilter` / `preScore` returns; this holds what several of them share.
 */
export interface SchedulingContext {
  readonly request: SchedulingRequest;
  readonly spec: SchedulingSpec;
  readonly snapshot: ClusterSnapshot;
  readonly mode: 'replicas' | 'everyNode';
  /** What one instance requests, parsed from `spec.resources`. */
  readonly cpuMillis: number;
  readonly memoryBytes: number;
  /**
   * The spread state, present when the request spreads (`placement.spread` in `replicas` mode).
   * Its domains and counts are filled after the `static` filters have run, so only `domain`
   * scope plugins should read them.
   */
  readonly spread: SpreadTopology | undefined;
}

/**
 * Topology domains of `placement.spread.topologyKey` (e.g. zones) and this workload's instance
 * count in each, kept current as instances are placed in the call.
 *
 * A domain is *eligible* when at least one of its nodes passed every `static` filter; only
 * eligible domains count for the minimum, so a zone the workload could never use (wrong
 * selector, every node down) does not hold the others back.
 */
export interface SpreadTopology {
  readonly topologyKey: string;
  readonly maxSkew: number;
  /** Domain (label value) by index; `NodeInfo.domain` indexes this. */
  readonly domains: readonly string[];
  /** Instances of this workload per domain: existing plus placed so far in this call. */
  readonly counts: ArrayLike<number>;
  /** Smallest count over eligible domains (0 when there are none). */
  readonly minCount: number;
  /** Largest count over eligible domains. */
  readonly maxCount: number;
}

/**
 * The scheduler's per-call view of one node: the snapshot plus what this call has reserved on
 * it, like kube-scheduler's NodeInfo after "assume". Plugins read, the scheduler writes.
 */
export interface NodeInfo {
  readonly node: NodeSnapshot;
  /** Position in `snapshot.nodes`. */
  readonly index: number;
  /** Index into `SpreadTopology.domains`, or -1 (no spread, or the node lacks the key). */
  readonly domain: number;
  /** `allocated.cpuMillis` plus instances reserved on the node in this call. */
  readonly requestedCpuMillis: number;
  readonly requestedMemoryBytes: number;
  /** Instances of this workload on the node: existing plus reserved in this call. */
  readonly instances: number;
  /** Instances reserved on the node in this call only (a subset of `instances`). */
  readonly reserved: number;
}
