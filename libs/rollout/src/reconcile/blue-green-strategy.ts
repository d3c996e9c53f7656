import { FullyPromoted, PreviewReady, Promoted } from '../events/reasons.js';
import { reconcileProgressDeadline } from './reconcile-progress-deadline.js';
import { countsFor, emit, isActive, resetProgress, settlePhase, type RolloutContext } from './rollout-context.js';
import { planFor } from './rollout-plan.js';
import type { StrategyMachine } from './strategy-machine.js';
import { completeRollout, unit } from './transitions.js';
import type { RolloutState } from '../state/rollout-state.js';

/**
 * Blue-green: step 0 brings up a full preview of the new revision next to the stable one with
 * no traffic, then pauses (`PreviewReady`) until promoted; promote switches all traffic to it
 * (step 1) and the old side scales to 0; Completed once it has.
 */
export const blueGreenStrategy: StrategyMachine = {
  reconcile(ctx, s) {
    if (!isActive(s) || s.operatorPause) return;
    const c = countsFor(ctx, s);
    const plan = planFor(ctx, s, c);
    if (s.currentStepIndex === 0) {
      if (s.pause) return;
      if (!plan.atTarget) return reconcileProgressDeadline(ctx, s);
      s.pause = { reason: 'Preview', startedAt: ctx.at };
      settlePhase(s);
      emit(ctx, s, PreviewReady, `Preview revision ${s.canaryRevision} ready: ${c.canary.available}/${ctx.replicas} ${unit(ctx)} available next to revision ${s.stableRevision}, no traffic yet; promote switches`);
      return;
    }
    if (plan.atTarget) return completeRollout(ctx, s, c);
    reconcileProgressDeadline(ctx, s);
  },

  promote(ctx, s, full, by) {
    if (s.currentStepIndex !== 0) return `traffic already goes to revision ${s.canaryRevision}`;
    const c = countsFor(ctx, s);
    const ready = s.pause?.reason === 'Preview' || planFor(ctx, s, c).atTarget;
    if (!ready && !full) return `preview revision ${s.canaryRevision} is not ready (${c.canary.available}/${ctx.replicas} available); promote --full switches anyway`;
    switchTraffic(ctx, s);
    emit(ctx, s, full ? FullyPromoted : Promoted, `${full ? 'Fully promoted' : 'Promoted'}${by}: traffic switched to revision ${s.canaryRevision}; revision ${s.stableRevision} scales to 0`);
    return undefined;
  },
};

function switchTraffic(ctx: RolloutContext, s: RolloutState): void {
  delete s.pause;
  delete s.operatorPause;
  delete s.holdCanary;
  delete s.abort;
  s.phase = 'Progressing';
  s.currentStepIndex = 1;
  s.weight = 100;
  resetProgress(ctx, s);
}
