import type { AnalysisValues, RevisionInstances } from '@mosaic/rollout';

/** Recent invocation figures of one function revision (the functions' `FunctionStats` satisfies it). */
export interface FunctionStatsSource {
  stats(namespace: string, name: string, revision: number): { invocations: number; errorRate: number; latencyP99Ms: number };
}

export interface MeasureInput {
  namespace: string;
  name: string;
  runtime: string;
  /** The revision being rolled out. */
  canaryRevision: number;
  counts: readonly RevisionInstances[];
  functionStats?: FunctionStatsSource;
}

/**
 * The analysis values the runtime can give for the canary, taken just before the machine runs:
 * - ebpf `attachSuccess`: the share of the canary's probe instances that loaded and attached
 *   (Running); a Failed one (AttachFailed, VerificationFailed) pulls it below 1;
 * - function `errorRate` and `latencyP99` (ms) over the stats window, once it has invocations.
 * `health` and `restarts` are left to the machine, which takes them from the instance counts.
 * Absent values are inconclusive, never failures. Pure.
 */
export function measureCanary(m: MeasureInput): AnalysisValues {
  const out: AnalysisValues = {};
  const canary = m.counts.find((c) => c.revision === m.canaryRevision);
  if (m.runtime === 'ebpf' && canary && canary.live > 0) out.attachSuccess = canary.available / canary.live;
  if (m.runtime === 'function' && m.functionStats) {
    const s = m.functionStats.stats(m.namespace, m.name, m.canaryRevision);
    if (s.invocations > 0) {
      out.errorRate = s.errorRate;
      out.latencyP99 = s.latencyP99Ms;
    }
  }
  return out;
}
