import type { InstanceState } from '@mosaic/api';

/**
 * The life of an instance, whatever its runtime:
 *
 * ```
 * Pending ─▶ Starting ─▶ Running ─▶ Succeeded | Failed        (ran to completion)
 *               ▲           │
 *               └─ back-off ┘                                (restarted by policy)
 * any live state ─ stop() ─▶ Stopping ─▶ Stopped
 * ```
 * `Starting` covers "process launched, not yet healthy" and "waiting out a restart back-off"
 * (see the instance's `reason`). `Succeeded`, `Failed` and `Stopped` are final: a handle in
 * one of them never changes again.
 */
export const TERMINAL_STATES: readonly InstanceState[] = ['Succeeded', 'Failed', 'Stopped'];

/** True for `Succeeded`, `Failed` and `Stopped`. */
export function isTerminalState(state: InstanceState): boolean {
  return TERMINAL_STATES.includes(state);
}
