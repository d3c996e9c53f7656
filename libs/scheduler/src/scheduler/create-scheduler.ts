import type { AnyFilterPlugin, AnyScorePlugin } from '../framework/plugin.js';
import type { ClusterSnapshot } from '../framework/cluster-snapshot.js';
import type { SchedulingRequest } from '../framework/scheduling-request.js';
import type { SchedulingResult } from '../framework/scheduling-result.js';
import { defaultFilterPlugins, defaultScorePlugins } from './default-plugins.js';
import type { SchedulerOptions } from './scheduler-options.js';
import { SchedulingCycle, wantedInstances } from './scheduling-cycle.js';

/** Places the instances of one workload on a cluster snapshot. Pure: no I/O, clock or randomness. */
export interface Scheduler {
  /** The filter chain, in the order it runs. */
  readonly filters: readonly AnyFilterPlugin[];
  readonly scores: readonly AnyScorePlugin[];
  /**
   * Decides where the request's new instances go. The same request and snapshot always give the
   * same result, whatever the order of `snapshot.nodes`. Never throws for an unschedulable
   * workload: what cannot be placed is `unplaced`, explained by `diagnosis`.
   */
  schedule(request: SchedulingRequest, snapshot: ClusterSnapshot): SchedulingResult;
}

/**
 * Builds a scheduler: a filter chain and score plugins (defaults in default-plugins.ts) run by
 * the stages below. Reuse one scheduler for many calls: it keeps its working buffers.
 *
 * Ties between equally scored nodes go to the lowest `fmix32(fnv1a(nodeName) ^ fmix32(fnv1a(workloadKey)))`,
 * then the lowest name. The hash makes the choice stable yet different per workload, so a
 * cluster of identical nodes is not filled in name order by every workload.
 */
export function createScheduler(options: SchedulerOptions = {}): Scheduler {
  const filters = [...(options.filters ?? defaultFilterPlugins())];
  const scores = [...(options.scores ?? defaultScorePlugins(options))];
  assertUniqueNames('filter', filters);
  assertUniqueNames('score', scores);
  const cycle = new SchedulingCycle(filters, scores);

  return {
    filters,
    scores,
    schedule(request, snapshot) {
      // Context: parse cpu/memory once, index this workload's existing instances by node; an
      // unparseable quantity rejects the request.
      const invalid = cycle.begin(request, snapshot);
      if (invalid) return invalid;
      // PreFilter / PreScore: each plugin parses its part of the request once (selectors,
      // tolerations, kernel range) or skips itself; a PreFilter rejection rejects every node.
      const rejected = cycle.prepare();
      if (rejected) return rejected;
      // Filter, static scope: every node once (its per-call view set up on the way), first
      // rejection recorded for the diagnosis.
      cycle.filterStatic();
      // Topology: spread domains of the survivors, existing instances counted per domain.
      cycle.buildTopology();
      // Filter, node scope: resources fit against the snapshot's allocations.
      cycle.filterNodes();
      // everyNode: one instance on every feasible node that has none yet, by node name.
      if (cycle.isEveryNode()) return cycle.placeOnEveryNode();
      // Score: static and node scores once per feasible node; a heap per spread domain.
      const wanted = wantedInstances(request);
      cycle.score(wanted);
      // Select + Reserve, per instance: best domain root by total score (domain filters and
      // scores asked per domain), reserve it, recheck and re-rank that one node.
      // Diagnose: if instances remain, count the reasons nodes were rejected.
      return cycle.placeInstances(wanted);
    },
  };
}

function assertUniqueNames(kind: string, plugins: readonly { name: string }[]): void {
  const seen = new Set<string>();
  for (const { name } of plugins) {
    if (seen.has(name)) throw new TypeError(`duplicate ${kind} plugin name "${name}"`);
    seen.add(name);
  }
}
