/** What {@link FunctionStats.stats} reports for one revision over the window. */
export interface RevisionStats {
  /** Finished invocations (succeeded + dead-lettered) in the window. */
  invocations: number;
  /** Dead-lettered ones (retries exhausted). */
  errors: number;
  /** errors / invocations; 0 with no invocations. */
  errorRate: number;
  /** 99th percentile of the handler run time of the succeeded ones (nearest rank); 0 with none. */
  latencyP99Ms: number;
}

export interface FunctionStatsOptions {
  /**
   * How far back invocations count.
   * @defaultValue 60_000
   */
  windowMs?: number;
  /**
   * At most this many samples kept per revision (the oldest go first).
   * @defaultValue 10_000
   */
  maxSamples?: number;
  /** Clock, for tests. @defaultValue Date.now */
  now?: () => number;
}

interface Sample {
  at: number;
  ok: boolean;
  durationMs: number;
}

/**
 * Recent invocations per function revision, in process, fed from the queues' completed/failed
 * events. The rollout controller's analysis reads it (`stats(ns, name, revision)`) to compare a
 * canary with its stable revision.
 */
export class FunctionStats {
  readonly #windowMs: number;
  readonly #maxSamples: number;
  readonly #now: () => number;
  readonly #samples = new Map<string, Sample[]>();

  constructor(options: FunctionStatsOptions = {}) {
    this.#windowMs = options.windowMs ?? 60_000;
    this.#maxSamples = options.maxSamples ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  /** Records one finished invocation. */
  record(namespace: string, name: string, revision: number, outcome: { ok: boolean; durationMs?: number }): void {
    const key = keyOf(namespace, name, revision);
    let list = this.#samples.get(key);
    if (!list) this.#samples.set(key, (list = []));
    list.push({ at: this.#now(), ok: outcome.ok, durationMs: outcome.durationMs ?? 0 });
    if (list.length > this.#maxSamples) list.splice(0, list.length - this.#maxSamples);
  }

  /** The revision's figures over the last `windowMs`. */
  stats(namespace: string, name: string, revision: number): RevisionStats {
    const key = keyOf(namespace, name, revision);
    const list = this.#samples.get(key) ?? [];
    const since = this.#now() - this.#windowMs;
    const first = list.findIndex((s) => s.at >= since);
    if (first === -1) list.length = 0;
    else if (first > 0) list.splice(0, first);
    if (list.length === 0) this.#samples.delete(key);
    const errors = list.filter((s) => !s.ok).length;
    const latencies = list.filter((s) => s.ok).map((s) => s.durationMs).sort((a, b) => a - b);
    return {
      invocations: list.length,
      errors,
      errorRate: list.length === 0 ? 0 : errors / list.length,
      latencyP99Ms: percentile(latencies, 0.99),
    };
  }
}

/** Nearest-rank percentile of sorted values: the smallest value ≥ p of them. 0 when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1]!;
}

function keyOf(namespace: string, name: string, revision: number): string {
  return `${namespace}/${name}@${revision}`;
}
