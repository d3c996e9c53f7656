import { WARNING_REASONS, type RolloutReason } from './reasons.js';

/** One recorded transition, as `mosaic describe` shows it (Kubernetes event style). */
export interface RolloutEvent {
  type: 'Normal' | 'Warning';
  /** A constant from `reasons.ts`. */
  reason: RolloutReason;
  /** For people: what happened, with the numbers that matter. */
  message: string;
  /** RFC 3339. */
  at: string;
  /** The revision being rolled out when it happened. */
  revision: number;
}

export function rolloutEvent(reason: RolloutReason, message: string, at: string, revision: number): RolloutEvent {
  return { type: WARNING_REASONS.has(reason) ? 'Warning' : 'Normal', reason, message, at, revision };
}

/** Appends and keeps the newest `limit` (the state's history is bounded; the decision's is not). */
export function appendBounded<T>(list: readonly T[], added: readonly T[], limit: number): T[] {
  const all = [...list, ...added];
  return limit <= 0 ? [] : all.slice(Math.max(0, all.length - limit));
}
