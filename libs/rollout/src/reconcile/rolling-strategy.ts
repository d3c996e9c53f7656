import { reconcileProgressDeadline } from './reconcile-progress-deadline.js';
import { countsFor, isActive } from './rollout-context.js';
import { planFor } from './rollout-plan.js';
import type { StrategyMachine } from './strategy-machine.js';
import { completeRollout } from './transitions.js';

/**
 * Rolling: one implicit step to 100%, one budgeted tick at a time (maxSurge above replicas,
 * maxUnavailable below); Completed once every new instance is available and the old are gone.
 */
export const rollingStrategy: StrategyMachine = {
  reconcile(ctx, s) {
    if (!isActive(s) || s.operatorPause) return;
    const c = countsFor(ctx, s);
    if (planFor(ctx, s, c).atTarget) return completeRollout(ctx, s, c);
    reconcileProgressDeadline(ctx, s);
  },

  promote() {
    return 'a rolling update has no steps to promote (resume continues a paused one)';
  },
};
