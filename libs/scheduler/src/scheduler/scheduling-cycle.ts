import { parseCpuMillis, parseMemoryBytes } from '@mosaic/api';
import type { ClusterSnapshot, NodeSnapshot } from '../framework/cluster-snapshot.js';
import type { AnyFilterPlugin, AnyScorePlugin, PluginScope } from '../framework/plugin.js';
import { REASON_TOPOLOGY_KEY_MISSING, reasonInvalidResources } from '../framework/reasons.js';
import type { NodeInfo, SchedulingContext } from '../framework/scheduling-context.js';
import type { Placement, SchedulingRequest } from '../framework/scheduling-request.js';
import type { SchedulingResult } from '../framework/scheduling-result.js';
import { unresolvable, type Status } from '../framework/status.js';
import { labelOf } from '../internal/labels.js';
import { fmix32, fnv1a } from '../internal/stable-hash.js';
import { diagnosis, requestDiagnosis } from './diagnose.js';
import { SpreadState } from './spread-state.js';

const TOPOLOGY_KEY_MISSING = unresolvable(REASON_TOPOLOGY_KEY_MISSING);

/** The scheduler's writable view of a node for one call (see {@link NodeInfo}). */
class MutableNodeInfo implements NodeInfo {
  node: NodeSnapshot;
  index = 0;
  domain = -1;
  requestedCpuMillis = 0;
  requestedMemoryBytes = 0;
  instances = 0;
  reserved = 0;
  constructor(node: NodeSnapshot) {
    this.node = node;
  }
}

/** Plugins of one scope that take part in this request, with their per-request state. */
interface ActiveFilters {
  plugins: AnyFilterPlugin[];
  states: unknown[];
}
interface ActiveScores {
  plugins: AnyScorePlugin[];
  states: unknown[];
  weights: number[];
}

function emptyFilters(): ActiveFilters {
  return { plugins: [], states: [] };
}
function emptyScores(): ActiveScores {
  return { plugins: [], states: [], weights: [] };
}

/**
 * The working memory of one scheduler: buffers indexed by node, grown to the largest snapshot
 * seen and reused, so a call allocates little beyond its result. Every call resets what it
 * reads, so nothing carries over between calls but capacity. Not reentrant (calls are
 * synchronous).
 *
 * The stages are methods, called in order by `createScheduler().schedule`.
 */
export class SchedulingCycle {
  private infos: MutableNodeInfo[] = [];
  /** First rejection per node; `undefined` while the node is a candidate (or hosts, in everyNode). */
  private rejected: (Status | undefined)[] = [];
  /** Indices of the nodes still feasible, compacted after each filter stage. */
  private candidates = new Int32Array(0);
  private candidateCount = 0;
  /** Weighted sum of `static` scores, per node. */
  private staticScore = new Float64Array(0);
  /** `staticScore` plus weighted `node` scores: the key nodes are ordered by within a domain. */
  private nodeScore = new Float64Array(0);
  /** Tie-break hash per node (workload key + node name). */
  private tieHash = new Uint32Array(0);
  /**
   * `fnv1a(name)` per node index, valid while the snapshot holds the same node object there
   * (`hashedNode`): backends that keep unchanged node objects between snapshots skip rehashing.
   */
  private nameHash = new Uint32Array(0);
  private hashedNode: (NodeSnapshot | undefined)[] = [];
  /** One max-heap of node indices per domain, laid out back to back. */
  private heap = new Int32Array(0);
  private groupStart = new Int32Array(0);
  private groupSize = new Int32Array(0);
  private groupCount = 0;

  // Per call.
  private ctx!: SchedulingContext;
  private spread: SpreadState | undefined;
  private nodeCount = 0;
  private hosting: number[] = [];
  private existingByNode = new Map<string, number>();
  private usedIndices = new Set<number>();
  private nextIndex = 0;
  private staticFilters = emptyFilters();
  private nodeFilters = emptyFilters();
  private domainFilters = emptyFilters();
  private staticScores = emptyScores();
  private nodeScores = emptyScores();
  private domainScores = emptyScores();

  constructor(
    private readonly filters: readonly AnyFilterPlugin[],
    private readonly scores: readonly AnyScorePlugin[],
  ) {}

  /**
   * Context: parse the request's quantities, index this workload's existing instances by node.
   * Returns a rejection result when the request itself is unusable.
   */
  begin(request: SchedulingRequest, snapshot: ClusterSnapshot): SchedulingResult | undefined {
    const { spec } = request.workload;
    const nodes = snapshot.nodes;
    const n = nodes.length;
    this.nodeCount = n;
    this.grow(n);
    const mode = spec.placement.mode ?? 'replicas';
    const spreadSpec = mode === 'replicas' ? spec.placement.spread : undefined;
    this.spread = spreadSpec ? new SpreadState(spreadSpec.topologyKey, spreadSpec.maxSkew ?? 1) : undefined;
    const cpuMillis = parseCpuMillis(spec.resources.cpu);
    const memoryBytes = parseMemoryBytes(spec.resources.memory);
    this.ctx = { request, spec, snapshot, mode, cpuMillis: cpuMillis ?? 0, memoryBytes: memoryBytes ?? 0, spread: this.spread };

    const existingByNode = this.existingByNode;
    existingByNode.clear();
    this.usedIndices.clear();
    this.nextIndex = 0;
    for (const p of request.existing ?? []) {
      existingByNode.set(p.node, (existingByNode.get(p.node) ?? 0) + 1);
      this.usedIndices.add(p.instanceIndex);
    }
    this.hosting.length = 0;
    if (cpuMillis === undefined || memoryBytes === undefined) {
      return this.rejectRequest([reasonInvalidResources(spec.resources.cpu, spec.resources.memory)]);
    }
    return undefined;
  }

  /** PreFilter and PreScore: each plugin parses the request once, or skips, or rejects it. */
  prepare(): SchedulingResult | undefined {
    const ctx = this.ctx;
    this.staticFilters = emptyFilters();
    this.nodeFilters = emptyFilters();
    this.domainFilters = emptyFilters();
    for (const plugin of this.filters) {
      const result = plugin.preFilter ? plugin.preFilter(ctx) : { code: 'Success' as const, state: undefined };
      if (result.code === 'Skip') continue;
      if (result.code !== 'Success') return this.rejectRequest(result.reasons);
      const active = this.byScope(plugin.scope, this.staticFilters, this.nodeFilters, this.domainFilters);
      active.plugins.push(plugin);
      active.states.push(result.state);
    }
    this.staticScores = emptyScores();
    this.nodeScores = emptyScores();
    this.domainScores = emptyScores();
    for (const plugin of this.scores) {
      if (plugin.weight === 0) continue;
      const result = plugin.preScore ? plugin.preScore(ctx) : { code: 'Success' as const, state: undefined };
      if (result.code !== 'Success') continue;
      const active = this.byScope(plugin.scope, this.staticScores, this.nodeScores, this.domainScores);
      active.plugins.push(plugin);
      active.states.push(result.state);
      active.weights.push(plugin.weight);
    }
    return undefined;
  }

  /**
   * Filter, `static` scope: every node once, setting up its per-call view on the way (one pass
   * touches each node once). In everyNode mode, nodes already hosting an instance are neither
   * candidates nor rejected.
   */
  filterStatic(): void {
    const { plugins, states } = this.staticFilters;
    const everyNode = this.ctx.mode === 'everyNode';
    const nodes = this.ctx.snapshot.nodes;
    const existing = this.existingByNode;
    let count = 0;
    for (let i = 0; i < this.nodeCount; i++) {
      const node = nodes[i]!;
      const info = this.infos[i]!;
      info.node = node;
      info.index = i;
      info.domain = -1;
      info.requestedCpuMillis = node.allocated.cpuMillis;
      info.requestedMemoryBytes = node.allocated.memoryBytes;
      info.instances = existing.size === 0 ? 0 : existing.get(node.name) ?? 0;
      info.reserved = 0;
      this.rejected[i] = undefined;
      if (info.instances > 0) {
        this.hosting.push(i);
        if (everyNode) continue;
      }
      const status = this.runFilters(plugins, states, info);
      if (status === undefined) this.candidates[count++] = i;
      else this.rejected[i] = status;
    }
    this.candidateCount = count;
  }

  /**
   * Topology: give every candidate its spread domain (rejecting nodes without the key), mark
   * those domains eligible, and count existing instances per domain.
   */
  buildTopology(): void {
    const spread = this.spread;
    if (spread === undefined) return;
    const key = spread.topologyKey;
    let kept = 0;
    for (let k = 0; k < this.candidateCount; k++) {
      const i = this.candidates[k]!;
      const info = this.infos[i]!;
      const value = labelOf(info.node.labels, key);
      if (value === undefined) {
        this.rejected[i] = TOPOLOGY_KEY_MISSING;
        continue;
      }
      info.domain = spread.domainOf(value, true);
      this.candidates[kept++] = i;
    }
    this.candidateCount = kept;
    for (const i of this.hosting) {
      const info = this.infos[i]!;
      const value = labelOf(info.node.labels, key);
      if (value !== undefined) spread.addExisting(spread.domainOf(value, false), info.instances);
    }
    spread.finish();
  }

  /** Filter, `node` scope: against the snapshot's allocations (nothing reserved yet). */
  filterNodes(): void {
    const { plugins, states } = this.nodeFilters;
    if (plugins.length === 0) return;
    let kept = 0;
    for (let k = 0; k < this.candidateCount; k++) {
      const i = this.candidates[k]!;
      const status = this.runFilters(plugins, states, this.infos[i]!);
      if (status === undefined) this.candidates[kept++] = i;
      else this.rejected[i] = status;
    }
    this.candidateCount = kept;
  }

  isEveryNode(): boolean {
    return this.ctx.mode === 'everyNode';
  }

  /** everyNode mode: one instance on every candidate, in node-name order. */
  placeOnEveryNode(): SchedulingResult {
    const { plugins, states } = this.domainFilters;
    const chosen: NodeSnapshot[] = [];
    for (let k = 0; k < this.candidateCount; k++) {
      const i = this.candidates[k]!;
      const status = this.runFilters(plugins, states, this.infos[i]!);
      if (status === undefined) chosen.push(this.infos[i]!.node);
      else this.rejected[i] = status;
    }
    chosen.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const placements = chosen.map((node): Placement => ({ instanceIndex: this.takeIndex(), node: node.name }));
    if (placements.length > 0 || this.hosting.length > 0) return { placements, unplaced: 0 };
    return { placements, unplaced: 0, diagnosis: this.diagnose() };
  }

  /**
   * Score: `static` and `node` scores of every candidate, weighted and summed once; then one
   * heap per spread domain (one heap without spread), best node at the root. For a single
   * instance only the roots matter, so each group just gets its best node moved to the front.
   */
  score(wanted: number): void {
    const ctx = this.ctx;
    const keyHash = fmix32(fnv1a(ctx.request.workload.key));
    const st = this.staticScores;
    const nd = this.nodeScores;
    for (let k = 0; k < this.candidateCount; k++) {
      const i = this.candidates[k]!;
      const info = this.infos[i]!;
      if (this.hashedNode[i] !== info.node) {
        this.nameHash[i] = fnv1a(info.node.name);
        this.hashedNode[i] = info.node;
      }
      this.tieHash[i] = fmix32(this.nameHash[i]! ^ keyHash);
      let s = 0;
      for (let p = 0; p < st.plugins.length; p++) s += st.weights[p]! * st.plugins[p]!.score(ctx, info, st.states[p]);
      this.staticScore[i] = s;
      for (let p = 0; p < nd.plugins.length; p++) s += nd.weights[p]! * nd.plugins[p]!.score(ctx, info, nd.states[p]);
      this.nodeScore[i] = s;
    }
    this.buildHeaps(wanted > 1);
  }

  /**
   * Select and Reserve, once per instance: the best node of each domain is its heap's root, so
   * a placement costs O(domains + log nodes): ask the `domain` filters and scores of each root,
   * take the best total, reserve the instance there (resources, counts), then ask that one node
   * its `node` filters and scores again and restore its heap.
   */
  placeInstances(wanted: number): SchedulingResult {
    const placements: Placement[] = [];
    const df = this.domainFilters;
    const ds = this.domainScores;
    const ctx = this.ctx;
    while (placements.length < wanted) {
      let best = -1;
      let bestGroup = -1;
      let bestTotal = 0;
      for (let g = 0; g < this.groupCount; g++) {
        if (this.groupSize[g] === 0) continue;
        const root = this.heap[this.groupStart[g]!]!;
        const info = this.infos[root]!;
        if (df.plugins.length > 0 && this.runFilters(df.plugins, df.states, info) !== undefined) continue;
        let total = this.nodeScore[root]!;
        for (let p = 0; p < ds.plugins.length; p++) total += ds.weights[p]! * ds.plugins[p]!.score(ctx, info, ds.states[p]);
        if (best < 0 || this.ranksBefore(total, root, bestTotal, best)) {
          best = root;
          bestGroup = g;
          bestTotal = total;
        }
      }
      if (best < 0) break;
      placements.push({ instanceIndex: this.takeIndex(), node: this.reserve(best) });
      this.recheck(best, bestGroup);
    }
    const unplaced = wanted - placements.length;
    return unplaced === 0 ? { placements, unplaced } : { placements, unplaced, diagnosis: this.diagnose() };
  }

  /** A result placing nothing, for a request PreFilter (or the context) rejected outright. */
  rejectRequest(reasons: readonly string[]): SchedulingResult {
    const unplaced = this.ctx.mode === 'everyNode' ? 0 : wantedInstances(this.ctx.request);
    return { placements: [], unplaced, diagnosis: requestDiagnosis(this.nodeCount, reasons) };
  }

  /** Reserve: account one instance on the node; returns its name. */
  private reserve(i: number): string {
    const info = this.infos[i]!;
    info.requestedCpuMillis += this.ctx.cpuMillis;
    info.requestedMemoryBytes += this.ctx.memoryBytes;
    info.instances++;
    info.reserved++;
    if (info.domain >= 0) this.spread?.increment(info.domain);
    return info.node.name;
  }

  /** After a reservation on `i` (the root of group `g`): drop it if it no longer fits, else re-rank it. */
  private recheck(i: number, g: number): void {
    const info = this.infos[i]!;
    const nf = this.nodeFilters;
    const status = this.runFilters(nf.plugins, nf.states, info);
    const start = this.groupStart[g]!;
    let size = this.groupSize[g]!;
    if (status !== undefined) {
      this.rejected[i] = status;
      size--;
      this.groupSize[g] = size;
      this.heap[start] = this.heap[start + size]!;
    } else {
      const nd = this.nodeScores;
      if (nd.plugins.length === 0) return; // nothing about the node's rank changed
      let s = this.staticScore[i]!;
      for (let p = 0; p < nd.plugins.length; p++) s += nd.weights[p]! * nd.plugins[p]!.score(this.ctx, info, nd.states[p]);
      this.nodeScore[i] = s;
    }
    if (size > 0) this.siftDown(start, size, 0);
  }

  /**
   * Diagnose: each rejected node counts once per reason of its first rejection; a candidate
   * left over was held back by a `domain` filter (spread), asked now.
   */
  private diagnose() {
    const df = this.domainFilters;
    const counts = new Map<string, number>();
    let available = 0;
    for (let i = 0; i < this.nodeCount; i++) {
      const status = this.rejected[i] ?? this.runFilters(df.plugins, df.states, this.infos[i]!);
      if (status === undefined) {
        available++;
        continue;
      }
      for (const reason of status.reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
    }
    return diagnosis(this.nodeCount, available, counts);
  }

  /** The first rejection among `plugins`, or `undefined` when all pass. */
  private runFilters(plugins: readonly AnyFilterPlugin[], states: readonly unknown[], info: NodeInfo): Status | undefined {
    for (let p = 0; p < plugins.length; p++) {
      const status = plugins[p]!.filter(this.ctx, info, states[p]);
      if (status.code !== 'Success') return status;
    }
    return undefined;
  }

  /** Total order of candidates: higher score, then lower tie-break hash, then node name. */
  private ranksBefore(scoreA: number, a: number, scoreB: number, b: number): boolean {
    if (scoreA !== scoreB) return scoreA > scoreB;
    const ha = this.tieHash[a]!;
    const hb = this.tieHash[b]!;
    if (ha !== hb) return ha < hb;
    return this.infos[a]!.node.name < this.infos[b]!.node.name;
  }

  private before(a: number, b: number): boolean {
    return this.ranksBefore(this.nodeScore[a]!, a, this.nodeScore[b]!, b);
  }

  /** Lays candidates out grouped by domain (a counting sort) and heapifies each group, or only puts its best first. */
  private buildHeaps(heapify: boolean): void {
    const groups = this.spread ? this.spread.domains.length : 1;
    if (this.groupStart.length < groups) {
      this.groupStart = new Int32Array(groups);
      this.groupSize = new Int32Array(groups);
    }
    this.groupCount = groups;
    this.groupSize.fill(0, 0, groups);
    const domainOf = (i: number) => (this.spread ? this.infos[i]!.domain : 0);
    for (let k = 0; k < this.candidateCount; k++) this.groupSize[domainOf(this.candidates[k]!)]!++;
    let offset = 0;
    for (let g = 0; g < groups; g++) {
      this.groupStart[g] = offset;
      offset += this.groupSize[g]!;
      this.groupSize[g] = 0;
    }
    for (let k = 0; k < this.candidateCount; k++) {
      const i = this.candidates[k]!;
      const g = domainOf(i);
      this.heap[this.groupStart[g]! + this.groupSize[g]!++] = i;
    }
    for (let g = 0; g < groups; g++) {
      const start = this.groupStart[g]!;
      const size = this.groupSize[g]!;
      if (heapify) {
        for (let pos = (size >> 1) - 1; pos >= 0; pos--) this.siftDown(start, size, pos);
      } else if (size > 1) {
        let best = start;
        for (let k = start + 1; k < start + size; k++) if (this.before(this.heap[k]!, this.heap[best]!)) best = k;
        const first = this.heap[start]!;
        this.heap[start] = this.heap[best]!;
        this.heap[best] = first;
      }
    }
  }

  private siftDown(start: number, size: number, pos: number): void {
    const heap = this.heap;
    const item = heap[start + pos]!;
    for (;;) {
      let child = 2 * pos + 1;
      if (child >= size) break;
      if (child + 1 < size && this.before(heap[start + child + 1]!, heap[start + child]!)) child++;
      if (!this.before(heap[start + child]!, item)) break;
      heap[start + pos] = heap[start + child]!;
      pos = child;
    }
    heap[start + pos] = item;
  }

  /** The lowest instance index not used by an existing or new instance. */
  private takeIndex(): number {
    while (this.usedIndices.has(this.nextIndex)) this.nextIndex++;
    return this.nextIndex++;
  }

  private byScope<T>(scope: PluginScope, onStatic: T, onNode: T, onDomain: T): T {
    return scope === 'static' ? onStatic : scope === 'node' ? onNode : onDomain;
  }

  private grow(n: number): void {
    const placeholder = { name: '' } as NodeSnapshot;
    while (this.infos.length < n) this.infos.push(new MutableNodeInfo(placeholder));
    if (this.candidates.length >= n) return;
    this.candidates = new Int32Array(n);
    this.staticScore = new Float64Array(n);
    this.nodeScore = new Float64Array(n);
    this.tieHash = new Uint32Array(n);
    this.nameHash = new Uint32Array(n);
    this.hashedNode = [];
    this.heap = new Int32Array(n);
  }
}

/** The number of new instances a `replicas` request asks for (negative or fractional input floored to a count). */
export function wantedInstances(request: SchedulingRequest): number {
  return Math.max(0, Math.floor(request.instances));
}
