import type { MetricFamily } from '@mosaic/runtime';

/** How an invocation attempt ended, as the `outcome` label says it. */
export type InvocationOutcome = 'succeeded' | 'failed' | 'timeout' | 'out_of_memory';

/** Upper bounds (seconds) of the duration histogram. */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] as const;

/** Maps a failure code of the host onto an outcome label. */
export function outcomeOf(code: string | undefined): InvocationOutcome {
  if (code === undefined) return 'succeeded';
  if (code === 'DeadlineExceeded') return 'timeout';
  if (code === 'OutOfMemory') return 'out_of_memory';
  return 'failed';
}

/**
 * Counters of one instance's invocation attempts, exported as
 * `mosaic_function_invocations_total{outcome}` and the histogram
 * `mosaic_function_invocation_duration_seconds{outcome}`.
 */
export class InvocationMetrics {
  private readonly series = new Map<InvocationOutcome, { counts: number[]; count: number; sum: number }>();

  observe(outcome: InvocationOutcome, durationMs: number): void {
    let s = this.series.get(outcome);
    if (!s) this.series.set(outcome, (s = { counts: DURATION_BUCKETS.map(() => 0), count: 0, sum: 0 }));
    const seconds = durationMs / 1000;
    DURATION_BUCKETS.forEach((le, i) => {
      if (seconds <= le) s.counts[i]!++;
    });
    s.count++;
    s.sum += seconds;
  }

  count(outcome: InvocationOutcome): number {
    return this.series.get(outcome)?.count ?? 0;
  }

  families(): MetricFamily[] {
    const entries = [...this.series.entries()].sort(([a], [b]) => a.localeCompare(b));
    return [
      {
        name: 'mosaic_function_invocations_total',
        help: 'Invocation attempts this instance ran, by outcome.',
        type: 'counter',
        samples: entries.map(([outcome, s]) => ({ labels: { outcome }, value: s.count })),
      },
      {
        name: 'mosaic_function_invocation_duration_seconds',
        help: 'Run time of invocation attempts inside the handler, by outcome.',
        type: 'histogram',
        samples: entries.map(([outcome, s]) => ({
          labels: { outcome },
          buckets: [...DURATION_BUCKETS.map((le, i) => ({ le, count: s.counts[i]! })), { le: Infinity, count: s.count }],
          count: s.count,
          sum: s.sum,
        })),
      },
    ];
  }
}
