import type { RolloutState } from '../state/rollout-state.js';
import type { RolloutContext } from './rollout-context.js';

/**
 * One rollout strategy: how its steps advance and what `promote` means for it. The split each
 * strategy asks for lives in `rollout-plan.ts`; the transitions shared by all (start, halt,
 * complete) in `transitions.ts`.
 */
export interface StrategyMachine {
  /**
   * Advances the steps as far as they can go this reconcile, Argo style: each step's check
   * returns early while it is unfinished (and then arms the progress deadline or a timer).
   * Called for every state; returns at once unless the rollout is active and not operator-paused.
   */
  reconcile(ctx: RolloutContext, s: RolloutState): void;
  /**
   * `promote` (`full`: `promote --full`) on an active or degraded rollout. Returns why it does
   * not apply, or undefined once applied (its event recorded).
   */
  promote(ctx: RolloutContext, s: RolloutState, full: boolean, by: string): string | undefined;
}
