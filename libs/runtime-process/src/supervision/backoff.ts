import type { BackoffOptions } from './supervision-options.js';

/**
 * Delay before restarting after the n-th quick failure in a row (n ≥ 1):
 * `min(initialMs × factor^(n-1), maxMs)`. With the defaults (1 s, ×2, 5 min cap):
 * n = 1 → 1 s, 2 → 2 s, 3 → 4 s, … 9 → 256 s, 10 and beyond → 300 s.
 */
export function backoffDelay(consecutiveFailures: number, options: Required<BackoffOptions>): number {
  const n = Math.max(1, Math.floor(consecutiveFailures));
  // Compute in log space so a long crash loop cannot overflow to Infinity × 0 = NaN.
  const exponent = Math.min(n - 1, 1024);
  return Math.min(options.maxMs, Math.round(options.initialMs * options.factor ** exponent));
}

/** Human form of a delay: `850ms`, `4s`, `2m30s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return s % 60 ? `${m}m${s % 60}s` : `${m}m`;
}
