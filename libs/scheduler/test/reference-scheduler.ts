// A deliberately naive scheduler with the same semantics as createScheduler(): for every
// instance it re-runs every filter and score on every node from scratch. The specs compare the
// real, incremental scheduler against it on generated clusters.
import { parseCpuMillis, parseMemoryBytes } from '@mosaic/api';
import type { ClusterSnapshot } from '../src/framework/cluster-snapshot.js';
import type { AnyFilterPlugin, AnyScorePlugin, PluginScope } from '../src/framework/plugin.js';
import type { NodeInfo, SchedulingContext, SpreadTopology } from '../src/framework/scheduling-context.js';
import type { Placement, SchedulingRequest } from '../src/framework/scheduling-request.js';
import { labelOf } from '../src/internal/labels.js';
import { tieBreakHash } from '../src/internal/stable-hash.js';

const SCOPES: PluginScope[] = ['static', 'node', 'domain'];

export function referenceSchedule(filters: readonly AnyFilterPlugin[], scores: readonly AnyScorePlugin[], request: SchedulingRequest, snapshot: ClusterSnapshot): Placement[] {
  const { spec, key } = request.workload;
  const spreadSpec = spec.placement.mode === 'replicas' ? spec.placement.spread : undefined;
  const ctx0: SchedulingContext = {
    request, spec, snapshot, mode: spec.placement.mode,
    cpuMillis: parseCpuMillis(spec.resources.cpu) ?? 0, memoryBytes: parseMemoryBytes(spec.resources.memory) ?? 0,
    // PreFilter and PreScore only look at whether there is a spread; counts come per instance.
    spread: spreadSpec ? { topologyKey: spreadSpec.topologyKey, maxSkew: spreadSpec.maxSkew, domains: [], counts: [], minCount: 0, maxCount: 0 } : undefined,
  };
  const fs = filters.map((p) => ({ p, r: p.preFilter ? p.preFilter(ctx0) : { code: 'Success' as const, state: undefined } }));
  if (fs.some((f) => f.r.code !== 'Success' && f.r.code !== 'Skip')) return [];
  const activeFilters = SCOPES.flatMap((scope) => fs.filter((f) => f.r.code === 'Success' && f.p.scope === scope));
  const ss = scores.filter((p) => p.weight !== 0).map((p) => ({ p, r: p.preScore ? p.preScore(ctx0) : { code: 'Success' as const, state: undefined } }));
  const activeScores = SCOPES.flatMap((scope) => ss.filter((s) => s.r.code === 'Success' && s.p.scope === scope));
  const stateOf = (r: { code: string }) => (r as { state?: unknown }).state;

  const infos: NodeInfo[] = snapshot.nodes.map((node, index) => ({
    node, index, domain: -1,
    requestedCpuMillis: node.allocated.cpuMillis, requestedMemoryBytes: node.allocated.memoryBytes,
    instances: (request.existing ?? []).filter((p) => p.node === node.name).length,
    reserved: 0,
  }));
  const passes = (ctx: SchedulingContext, info: NodeInfo, scopes: PluginScope[]) =>
    activeFilters.every((f) => !scopes.includes(f.p.scope) || f.p.filter(ctx, info, stateOf(f.r)).code === 'Success');

  // Domains: eligible when a node passes every static filter and has the key.
  const domains: string[] = [];
  const eligible = new Set<number>();
  const domainOf = (value: string) => (domains.includes(value) ? domains.indexOf(value) : domains.push(value) - 1);
  if (spreadSpec) {
    for (const info of infos) {
      const value = labelOf(info.node.labels, spreadSpec.topologyKey);
      if (value === undefined) continue;
      (info as { domain: number }).domain = domainOf(value);
      if (passes(ctx0, info, ['static'])) eligible.add(info.domain);
    }
  }
  const used = new Set((request.existing ?? []).map((p) => p.instanceIndex));
  let next = 0;
  const placements: Placement[] = [];
  const rejectedForGood = new Set<number>();
  for (let n = 0; n < request.instances; n++) {
    let spread: SpreadTopology | undefined;
    if (spreadSpec) {
      const counts = domains.map((_, d) => infos.filter((i) => i.domain === d).reduce((s, i) => s + i.instances, 0));
      const eligibleCounts = counts.filter((_, d) => eligible.has(d));
      spread = {
        topologyKey: spreadSpec.topologyKey, maxSkew: spreadSpec.maxSkew, domains, counts,
        minCount: eligibleCounts.length ? Math.min(...eligibleCounts) : 0, maxCount: eligibleCounts.length ? Math.max(...eligibleCounts) : 0,
      };
    }
    const ctx = { ...ctx0, spread };
    let best: { info: NodeInfo; total: number; hash: number } | undefined;
    for (const info of infos) {
      if (rejectedForGood.has(info.index)) continue;
      if (spreadSpec && info.domain < 0) continue;
      if (!passes(ctx, info, ['static', 'node'])) {
        rejectedForGood.add(info.index);
        continue;
      }
      if (!passes(ctx, info, ['domain'])) continue;
      let total = 0;
      for (const s of activeScores) total += s.p.weight * s.p.score(ctx, info, stateOf(s.r));
      const hash = tieBreakHash(key, info.node.name);
      if (!best || total > best.total || (total === best.total && (hash < best.hash || (hash === best.hash && info.node.name < best.info.node.name)))) {
        best = { info, total, hash };
      }
    }
    if (!best) break;
    const w = best.info as { requestedCpuMillis: number; requestedMemoryBytes: number; instances: number; reserved: number };
    w.requestedCpuMillis += ctx0.cpuMillis;
    w.requestedMemoryBytes += ctx0.memoryBytes;
    w.instances++;
    w.reserved++;
    while (used.has(next)) next++;
    placements.push({ instanceIndex: next++, node: best.info.node.name });
  }
  return placements;
}
