// Builders for specs: a node, a spec, a request, a context, and running one plugin the way the
// scheduler does (PreFilter/PreScore, then the node).
import type { PlacementSpec, RuntimeName } from '@mosaic/api';
import type { NodeSnapshot } from '../src/framework/cluster-snapshot.js';
import type { AnyFilterPlugin, AnyScorePlugin } from '../src/framework/plugin.js';
import type { NodeInfo, SchedulingContext, SpreadTopology } from '../src/framework/scheduling-context.js';
import type { Placement, SchedulingRequest, SchedulingSpec } from '../src/framework/scheduling-request.js';
import type { Status } from '../src/framework/status.js';

export const GI = 2 ** 30;
export const MI = 2 ** 20;
export const ALL_RUNTIMES: RuntimeName[] = ['service', 'function', 'ebpf', 'wasm'];

export function makeNode(name: string, over: Partial<NodeSnapshot> = {}): NodeSnapshot {
  return {
    name,
    labels: {},
    taints: [],
    arch: 'amd64',
    kernelVersion: '6.1.0-18-amd64',
    btf: true,
    runtimes: ALL_RUNTIMES,
    capacity: { cpuMillis: 4000, memoryBytes: 8 * GI },
    allocated: { cpuMillis: 0, memoryBytes: 0 },
    ready: true,
    schedulable: true,
    ...over,
  };
}

export interface SpecOptions {
  runtime?: RuntimeName;
  cpu?: string;
  memory?: string;
  placement?: Partial<PlacementSpec>;
  kernel?: string;
  btf?: boolean;
  /** `service.ports`; `port` absent = dynamic. */
  ports?: { port?: number; protocol?: 'TCP' | 'UDP' }[];
}

export function makeSpec(o: SpecOptions = {}): SchedulingSpec {
  const spec: SchedulingSpec = {
    runtime: o.runtime ?? 'service',
    resources: { cpu: o.cpu ?? '100m', memory: o.memory ?? '64Mi' },
    placement: { mode: 'replicas', ...o.placement },
    ...(o.ports ? { service: { ports: o.ports.map((p) => ({ protocol: 'TCP' as const, ...p })) } } : {}),
  };
  return o.kernel !== undefined || o.btf !== undefined ? { ...spec, runtime: o.runtime ?? 'ebpf', ebpf: { requires: { kernel: o.kernel, btf: o.btf } } } : spec;
}

export function makeRequest(spec: SchedulingSpec, instances = 1, existing: Placement[] = [], key = 'shop/checkout'): SchedulingRequest {
  return { workload: { key, spec }, instances, existing };
}

export function makeContext(spec: SchedulingSpec, over: Partial<SchedulingContext> = {}): SchedulingContext {
  return {
    request: makeRequest(spec),
    spec,
    snapshot: { nodes: [] },
    mode: spec.placement.mode,
    cpuMillis: 100,
    memoryBytes: 64 * MI,
    spread: undefined,
    ...over,
  };
}

export function nodeInfo(node: NodeSnapshot, over: Partial<NodeInfo> = {}): NodeInfo {
  return {
    node,
    index: 0,
    domain: -1,
    requestedCpuMillis: node.allocated.cpuMillis,
    requestedMemoryBytes: node.allocated.memoryBytes,
    instances: 0,
    reserved: 0,
    ...over,
  };
}

export function spreadOf(counts: number[], maxSkew = 1): SpreadTopology {
  return {
    topologyKey: 'zone',
    maxSkew,
    domains: counts.map((_, i) => `z${i}`),
    counts,
    minCount: Math.min(...counts),
    maxCount: Math.max(...counts),
  };
}

/** PreFilter then filter: `'Skip'` when the plugin skips the request, else the Status. */
export function runFilter(plugin: AnyFilterPlugin, ctx: SchedulingContext, info: NodeInfo): Status | 'Skip' {
  const prepared = plugin.preFilter ? plugin.preFilter(ctx) : { code: 'Success' as const, state: undefined };
  if (prepared.code === 'Skip') return 'Skip';
  if (prepared.code !== 'Success') return prepared;
  return plugin.filter(ctx, info, prepared.state);
}

/** PreScore then score: `'Skip'` when the plugin does not score this request. */
export function runScore(plugin: AnyScorePlugin, ctx: SchedulingContext, info: NodeInfo): number | 'Skip' {
  const prepared = plugin.preScore ? plugin.preScore(ctx) : { code: 'Success' as const, state: undefined };
  if (prepared.code !== 'Success') return 'Skip';
  return plugin.score(ctx, info, prepared.state);
}

/** A Status as `code: reasons` text, or 'Skip', for compact table expectations. */
export function describeStatus(s: Status | 'Skip'): string {
  if (s === 'Skip') return 'Skip';
  return s.code === 'Success' ? 'Success' : `${s.code}: ${s.reasons.join(', ')}`;
}
