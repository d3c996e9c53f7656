// Scheduler throughput: places 100,000 instances on 5,000 simulated nodes with mixed constraints
// (selectors, required and preferred affinity, zone spread, taints and tolerations, resources,
// four runtimes, some arm64 nodes, eBPF kernel/BTF requirements), generated from a seeded PRNG
// so every run schedules the same cluster and requests. Placements are applied to the cluster
// between requests, as the reconciler would.
//
// Prints one JSON line per figure. Comparisons in the same run:
// - `first_fit_*`: a naive first-fit that only checks cpu/memory (a floor for "doing nothing").
// - `single_instance_*`: the first 10,000 instances, one schedule() call per instance, as
//   kube-scheduler schedules one pod per cycle (its 10,000-pod / 5,000-node CI case).
// Context: Nomad's C1M placed 1,000,000 containers on 5,000 hosts in < 5 minutes (> 3,300/s);
// kube-scheduler's CI floor is 680 pods/s for 10,000 pods on 5,000 nodes.
//
//   npx tsx tools/bench/src/scheduler-throughput.ts [--instances 100000] [--nodes 5000] [--seed 1]
import { parseCpuMillis, parseMemoryBytes, type PlacementSpec, type RuntimeName } from '@mosaic/api';
import {
  createScheduler,
  type ClusterSnapshot,
  type NodeSnapshot,
  type Placement,
  type SchedulingRequest,
  type SchedulingSpec,
  type Taint,
} from '@mosaic/scheduler';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    instances: { type: 'string', default: '100000' },
    nodes: { type: 'string', default: '5000' },
    seed: { type: 'string', default: '1' },
  },
});
const INSTANCES = Number(args.instances);
const NODES = Number(args.nodes);
const SEED = Number(args.seed);
const GI = 2 ** 30;

/** mulberry32: small, fast, seeded. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A node whose allocations the bench updates as it binds placements. */
type BenchNode = Omit<NodeSnapshot, 'allocated'> & { allocated: { cpuMillis: number; memoryBytes: number } };

const ZONES = ['zone-a', 'zone-b', 'zone-c', 'zone-d', 'zone-e'];
const KERNELS = ['5.4.0-1103-aws', '5.10.0-28-amd64', '5.15.0-91-generic', '6.1.0-18-amd64', '6.5.0-1014-gcp', '6.8.0-45-generic'];

function generateCluster(seed: number): BenchNode[] {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  return Array.from({ length: NODES }, (_, i): BenchNode => {
    const name = `node-${String(i).padStart(5, '0')}`;
    const r = rnd();
    const pool = r < 0.7 ? 'general' : r < 0.85 ? 'highmem' : r < 0.95 ? 'gpu' : 'edge';
    const arch = rnd() < 0.15 ? 'arm64' : 'amd64';
    const cores = pick([8, 16, 32, 64]);
    const taints: Taint[] = [];
    if (pool === 'gpu') taints.push({ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' });
    if (rnd() < 0.03) taints.push({ key: 'spot', value: 'true', effect: 'PreferNoSchedule' });
    if (rnd() < 0.01) taints.push({ key: 'maintenance', effect: 'NoExecute' });
    const runtimes: RuntimeName[] = ['service'];
    if (rnd() < 0.7) runtimes.push('function');
    if (rnd() < 0.6) runtimes.push('ebpf');
    if (rnd() < 0.5) runtimes.push('wasm');
    const cpuMillis = cores * 1000;
    const memoryBytes = cores * (pool === 'highmem' ? 8 : 4) * GI;
    return {
      name,
      labels: { zone: pick(ZONES), pool, disk: rnd() < 0.6 ? 'ssd' : 'hdd', 'node.mosaic.dev/cores': String(cores), rack: `rack-${i % 50}`, hostname: name },
      taints,
      arch,
      kernelVersion: pick(KERNELS),
      btf: rnd() < 0.85,
      runtimes,
      capacity: { cpuMillis, memoryBytes },
      allocated: { cpuMillis: Math.floor(rnd() * 0.25 * cpuMillis), memoryBytes: Math.floor(rnd() * 0.25 * memoryBytes) },
      ready: rnd() < 0.99,
      schedulable: rnd() < 0.995,
    };
  });
}

interface Workload {
  key: string;
  spec: SchedulingSpec;
  cpuMillis: number;
  memoryBytes: number;
}

function generateWorkload(rnd: () => number, index: number): Workload {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const r = rnd();
  const runtime: RuntimeName = r < 0.55 ? 'service' : r < 0.75 ? 'function' : r < 0.9 ? 'wasm' : 'ebpf';
  const placement: { -readonly [K in keyof PlacementSpec]: PlacementSpec[K] } = { mode: 'replicas' };
  const gpu = rnd() < 0.08;
  if (rnd() < 0.5) placement.spread = { topologyKey: 'zone', maxSkew: pick([1, 1, 2]) };
  if (rnd() < 0.25) placement.nodeSelector = { disk: 'ssd' };
  const affinity: NonNullable<PlacementSpec['affinity']> = [];
  if (rnd() < 0.3 && !gpu) affinity.push({ key: 'pool', operator: 'In', values: ['general', 'highmem'] });
  if (rnd() < 0.1) affinity.push({ key: 'node.mosaic.dev/cores', operator: 'Gt', values: ['8'] });
  if (rnd() < 0.35) affinity.push({ key: 'zone', operator: 'In', values: [pick(ZONES), pick(ZONES)], weight: pick([10, 50, 100]) });
  if (rnd() < 0.2) affinity.push({ key: 'disk', operator: 'In', values: ['ssd'], weight: pick([20, 80]) });
  if (affinity.length > 0) placement.affinity = affinity;
  if (gpu) {
    placement.tolerations = [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }];
    placement.nodeSelector = { ...placement.nodeSelector, pool: 'gpu' };
  }
  const a = rnd();
  if (a < 0.05) placement.arch = ['arm64'];
  else if (a < 0.25) placement.arch = ['amd64'];
  else if (a < 0.35) placement.arch = ['amd64', 'arm64'];
  const cpu = pick(['50m', '100m', '250m', '500m', '1', '2']);
  const memory = pick(['64Mi', '128Mi', '256Mi', '512Mi', '1Gi', '2Gi']);
  const spec: SchedulingSpec = {
    runtime,
    resources: { cpu, memory },
    placement,
    ...(runtime === 'ebpf' ? { ebpf: { requires: { kernel: pick(['>=5.8', '>=5.10 <6.6', '~5.15', '^6']), btf: rnd() < 0.7 } } } : {}),
  };
  return { key: `bench/w-${index}`, spec, cpuMillis: parseCpuMillis(cpu) ?? 0, memoryBytes: parseMemoryBytes(memory) ?? 0 };
}

/** Requests totalling exactly `total` instances: new workloads, and some later scale-ups. */
function generateRequests(seed: number, total: number): { workload: Workload; instances: number }[] {
  const rnd = prng(seed);
  const requests: { workload: Workload; instances: number }[] = [];
  const workloads: Workload[] = [];
  let remaining = total;
  while (remaining > 0) {
    let workload: Workload;
    if (workloads.length > 10 && rnd() < 0.1) {
      workload = workloads[Math.floor(rnd() * workloads.length)]!; // scale an existing workload up
    } else {
      workload = generateWorkload(rnd, workloads.length);
      workloads.push(workload);
    }
    const r = rnd();
    const size = r < 0.4 ? 1 + Math.floor(rnd() * 3) : r < 0.7 ? 5 + Math.floor(rnd() * 16) : r < 0.9 ? 25 + Math.floor(rnd() * 36) : 100 + Math.floor(rnd() * 201);
    const instances = Math.min(size, remaining);
    requests.push({ workload, instances });
    remaining -= instances;
  }
  return requests;
}

function cloneCluster(nodes: readonly BenchNode[]): BenchNode[] {
  return nodes.map((n) => ({ ...n, allocated: { ...n.allocated } }));
}

interface RunStats {
  placed: number;
  unplaced: number;
  latenciesMs: number[];
  totalMs: number;
}

/** Binds placements the way the reconciler would: the node's allocation grows. */
function bind(byName: ReadonlyMap<string, BenchNode>, workload: Workload, placements: readonly Placement[], existing: Map<string, Placement[]>): void {
  const list = existing.get(workload.key) ?? [];
  for (const p of placements) {
    const node = byName.get(p.node)!;
    node.allocated.cpuMillis += workload.cpuMillis;
    node.allocated.memoryBytes += workload.memoryBytes;
    list.push(p);
  }
  existing.set(workload.key, list);
}

/** The scheduler, one call per request (or per instance); binds into `nodes`. */
function runScheduler(nodes: BenchNode[], requests: readonly { workload: Workload; instances: number }[], perInstance: boolean): RunStats {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const snapshot: ClusterSnapshot = { nodes };
  const scheduler = createScheduler();
  const existing = new Map<string, Placement[]>();
  const stats: RunStats = { placed: 0, unplaced: 0, latenciesMs: [], totalMs: 0 };
  for (const { workload, instances } of requests) {
    const calls = perInstance ? instances : 1;
    const each = perInstance ? 1 : instances;
    for (let c = 0; c < calls; c++) {
      const request: SchedulingRequest = { workload: { key: workload.key, spec: workload.spec }, instances: each, existing: existing.get(workload.key) ?? [] };
      const start = performance.now();
      const result = scheduler.schedule(request, snapshot);
      const ms = performance.now() - start;
      stats.latenciesMs.push(ms);
      stats.totalMs += ms;
      stats.placed += result.placements.length;
      stats.unplaced += result.unplaced;
      bind(byName, workload, result.placements, existing);
    }
  }
  return stats;
}

/** Baseline: first node (in list order) with enough free cpu and memory; nothing else checked. */
function runFirstFit(baseNodes: readonly BenchNode[], requests: readonly { workload: Workload; instances: number }[]): RunStats {
  const nodes = cloneCluster(baseNodes);
  const stats: RunStats = { placed: 0, unplaced: 0, latenciesMs: [], totalMs: 0 };
  for (const { workload, instances } of requests) {
    const start = performance.now();
    const placements: Placement[] = [];
    for (let k = 0; k < instances; k++) {
      let chosen: BenchNode | undefined;
      for (const node of nodes) {
        if (node.allocated.cpuMillis + workload.cpuMillis <= node.capacity.cpuMillis && node.allocated.memoryBytes + workload.memoryBytes <= node.capacity.memoryBytes) {
          chosen = node;
          break;
        }
      }
      if (!chosen) break;
      chosen.allocated.cpuMillis += workload.cpuMillis;
      chosen.allocated.memoryBytes += workload.memoryBytes;
      placements.push({ instanceIndex: k, node: chosen.name });
    }
    const ms = performance.now() - start;
    stats.latenciesMs.push(ms);
    stats.totalMs += ms;
    stats.placed += placements.length;
    stats.unplaced += instances - placements.length;
  }
  return stats;
}

/** everyNode probes (eBPF, kernel range + BTF) on the filled cluster. */
function runEveryNode(baseNodes: readonly BenchNode[], seed: number): RunStats {
  const rnd = prng(seed);
  const scheduler = createScheduler();
  const snapshot: ClusterSnapshot = { nodes: baseNodes };
  const stats: RunStats = { placed: 0, unplaced: 0, latenciesMs: [], totalMs: 0 };
  for (let i = 0; i < 50; i++) {
    const spec: SchedulingSpec = {
      runtime: 'ebpf',
      resources: { cpu: '50m', memory: '64Mi' },
      placement: { mode: 'everyNode', ...(rnd() < 0.5 ? { nodeSelector: { pool: 'general' } } : {}) },
      ebpf: { requires: { kernel: rnd() < 0.5 ? '>=5.8' : '>=5.10 <6.6', btf: rnd() < 0.5 } },
    };
    const start = performance.now();
    const result = scheduler.schedule({ workload: { key: `bench/probe-${i}`, spec }, instances: 0 }, snapshot);
    const ms = performance.now() - start;
    stats.latenciesMs.push(ms);
    stats.totalMs += ms;
    stats.placed += result.placements.length;
  }
  return stats;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function emit(figure: string, value: number, unit: string, extra: Record<string, number | string> = {}): void {
  const rounded = Math.abs(value) >= 100 ? Math.round(value) : Number(value.toPrecision(4));
  console.log(JSON.stringify({ bench: 'scheduler', figure, value: rounded, unit, instances: INSTANCES, nodes: NODES, ...extra }));
}

function report(prefix: string, stats: RunStats, extra: Record<string, number> = {}): void {
  const sorted = [...stats.latenciesMs].sort((a, b) => a - b);
  const name = (f: string) => (prefix ? `${prefix}_${f}` : f);
  emit(name('placements_per_second'), stats.placed / (stats.totalMs / 1000), 'placements/s', { ...extra, calls: stats.latenciesMs.length });
  emit(name('request_latency_p50'), percentile(sorted, 50), 'ms', extra);
  emit(name('request_latency_p99'), percentile(sorted, 99), 'ms', extra);
  emit(name('unplaced'), stats.unplaced, 'instances', extra);
}

/** The leading requests holding `total` instances (the last one cut short). */
function firstInstances(all: readonly { workload: Workload; instances: number }[], total: number): { workload: Workload; instances: number }[] {
  const out: { workload: Workload; instances: number }[] = [];
  let left = total;
  for (const r of all) {
    if (left <= 0) break;
    out.push({ workload: r.workload, instances: Math.min(r.instances, left) });
    left -= r.instances;
  }
  return out;
}

const cluster = generateCluster(SEED);
const requests = generateRequests(SEED + 1, INSTANCES);
// Warm-up: let the JIT see every path on a throwaway copy of the cluster.
runScheduler(cloneCluster(cluster), requests.slice(0, Math.min(500, requests.length)), false);

const filled = cloneCluster(cluster);
const cpuBefore = process.cpuUsage();
const main = runScheduler(filled, requests, false);
const cpu = process.cpuUsage(cpuBefore);
report('', main);
// CPU time of the whole loop (scheduling plus the bench's own binding): less sensitive than wall
// time to other processes on a shared machine; the load average says how shared it was.
emit('placements_per_cpu_second', main.placed / ((cpu.user + cpu.system) / 1e6), 'placements/s');
emit('load_average_1m', loadavg()[0] ?? 0, 'runnable', { cpus: cpus().length });
emit('requests', requests.length, 'requests');
emit('total_schedule_seconds', main.totalMs / 1000, 's');
report('first_fit', runFirstFit(cluster, requests));
const single = Math.min(10_000, INSTANCES);
report('single_instance', runScheduler(cloneCluster(cluster), firstInstances(requests, single), true), { instances: single });

const probes = runEveryNode(filled, SEED + 2);
const probeSorted = [...probes.latenciesMs].sort((a, b) => a - b);
emit('every_node_request_latency_p50', percentile(probeSorted, 50), 'ms', { placementsPerRequest: Math.round(probes.placed / probes.latenciesMs.length) });
emit('every_node_request_latency_p99', percentile(probeSorted, 99), 'ms');
