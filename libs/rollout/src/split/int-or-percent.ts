/**
 * Resolves an int-or-percent (`2`, `"2"`, `"25%"`) against `total`, as Kubernetes'
 * `GetScaledValueFromIntOrPercent` does: percentages round up for a surge and down for an
 * unavailability budget. Anything unreadable resolves to 0 (the schema admits nothing else;
 * a stored oddity must not throw in the middle of a rollout).
 */
export function resolveIntOrPercent(value: string | number | undefined, total: number, roundUp: boolean): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
  const match = /^(\d+)(%?)$/.exec(value.trim());
  if (!match) return 0;
  const n = Number(match[1]);
  if (!match[2]) return n;
  const scaled = (n * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/** The transition budget of a workload: how far above and below `replicas` it may go. */
export interface TransitionBudget {
  /** `maxSurge` resolved (percentages round up). */
  surge: number;
  /** `maxUnavailable` resolved (percentages round down; 1 when both resolve to 0, or nothing could move). */
  unavailable: number;
  /** `replicas − unavailable`: available instances never drop below this because of a rollout. */
  minAvailable: number;
}

export function transitionBudget(replicas: number, maxSurge: string | number | undefined, maxUnavailable: string | number | undefined): TransitionBudget {
  const r = Math.max(0, replicas);
  const surge = resolveIntOrPercent(maxSurge, r, true);
  const rawUnavailable = Math.min(resolveIntOrPercent(maxUnavailable, r, false), r);
  const unavailable = surge === 0 && rawUnavailable === 0 && r > 0 ? 1 : rawUnavailable;
  return { surge, unavailable, minAvailable: Math.max(0, r - unavailable) };
}
