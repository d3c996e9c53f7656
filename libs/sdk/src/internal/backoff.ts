import type { ResolvedRetryOptions } from '../mosaic-client-options.js';

/**
 * Delay before retry number `retry` (1 = the first retry, i.e. the second attempt).
 *
 * Worked example with the defaults (initial 100 ms, ×2, max 5 s, jitter 0.2):
 * retry 1 → 100 ms ±20 %, retry 2 → 200 ms, retry 3 → 400 ms, … retry 7 → 6400 ms capped
 * to 5000 ms ±20 %. The cap applies before the jitter, so delays never settle into
 * lock-step across clients; the result is never negative.
 *
 * @param random a source of [0, 1) numbers; injectable so tests are deterministic.
 */
export function backoffDelay(retry: number, opts: ResolvedRetryOptions, random: () => number = Math.random): number {
  const exponent = Math.max(0, retry - 1);
  const base = Math.min(opts.maxBackoffMs, opts.initialBackoffMs * opts.multiplier ** exponent);
  const spread = base * opts.jitter * (2 * random() - 1);
  return Math.max(0, Math.round(base + spread));
}
