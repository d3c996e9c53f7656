import { FullyPromoted, PauseEnded, Promoted, StepAdvanced } from '../events/reasons.js';
import { formatDuration, timeMs } from '../internal/time.js';
import type { CanaryStep, PauseStep } from '../steps/canary-step.js';
import type { RolloutState } from '../state/rollout-state.js';
import { enterStep } from './enter-step.js';
import { reconcileAnalysisStep } from './reconcile-analysis.js';
import { reconcileProgressDeadline } from './reconcile-progress-deadline.js';
import { countsFor, emit, isActive, resetProgress, settlePhase, stepLabel, type RolloutContext } from './rollout-context.js';
import { canarySettled, planFor } from './rollout-plan.js';
import type { StrategyMachine } from './strategy-machine.js';
import { completeRollout } from './transitions.js';

/**
 * Canary: the steps in order, then 100%, then Completed. Every step finished in this reconcile
 * is followed at once by the next one's entry, so one reconcile can go from the end of a pause
 * through a new weight; it stops at the first unfinished step.
 */
export const canaryStrategy: StrategyMachine = {
  reconcile(ctx, s) {
    for (let guard = 0; guard <= ctx.steps.length; guard++) {
      if (!isActive(s) || s.operatorPause) return;
      const step = ctx.steps[s.currentStepIndex];
      if (!step) return reconcileFullWeight(ctx, s);
      if (!reconcileStep(ctx, s, step)) return reconcileProgressDeadline(ctx, s);
      const next = s.currentStepIndex + 1;
      emit(ctx, s, StepAdvanced, `${capitalise(stepLabel(ctx, s))} done; ${next < ctx.steps.length ? `next: ${stepLabel(ctx, s, next)}` : `all steps done, revision ${s.canaryRevision} goes to 100%`}`);
      enterStep(ctx, s, next);
    }
  },

  promote(ctx, s, full, by) {
    const from = stepLabel(ctx, s);
    if (!full && s.currentStepIndex >= ctx.steps.length) return `all steps are done: revision ${s.canaryRevision} is already going to 100%`;
    resume(s);
    if (full) {
      emit(ctx, s, FullyPromoted, `Fully promoted${by} at ${from}: revision ${s.canaryRevision} goes to 100%, skipping the remaining steps`);
      enterStep(ctx, s, ctx.steps.length);
    } else {
      emit(ctx, s, Promoted, `Promoted${by}: ${from} skipped`);
      enterStep(ctx, s, s.currentStepIndex + 1);
    }
    return undefined;
  },
};

/** Is the step finished? `setWeight`: the split has settled; `pause`: it ran out; `analysis`: it passed. */
function reconcileStep(ctx: RolloutContext, s: RolloutState, step: CanaryStep): boolean {
  if (step.kind === 'setWeight') return canarySettled(planFor(ctx, s), countsFor(ctx, s));
  if (step.kind === 'pause') return reconcilePauseStep(ctx, s, step);
  return reconcileAnalysisStep(ctx, s, step);
}

function reconcilePauseStep(ctx: RolloutContext, s: RolloutState, step: PauseStep): boolean {
  // A state without the pause record (hand-edited, or restarted into this step): pause from now.
  if (!s.pause) enterStep(ctx, s, s.currentStepIndex);
  const pause = s.pause;
  if (!pause || pause.endsAt === undefined || step.seconds === undefined) return false;
  const endsAt = timeMs(pause.endsAt, ctx.now);
  if (ctx.now < endsAt) {
    ctx.timers.push(endsAt);
    return false;
  }
  delete s.pause;
  settlePhase(s);
  resetProgress(ctx, s);
  emit(ctx, s, PauseEnded, `Pause at ${stepLabel(ctx, s)} ended after ${formatDuration(ctx.now - timeMs(pause.startedAt, ctx.now))}`);
  return true;
}

/** Past the last step: 100%, and Completed once every canary instance is available. */
function reconcileFullWeight(ctx: RolloutContext, s: RolloutState): void {
  const c = countsFor(ctx, s);
  if (planFor(ctx, s, c).atTarget) return completeRollout(ctx, s, c);
  reconcileProgressDeadline(ctx, s);
}

/** What any promotion lifts: pauses, a hold, a halt, a running analysis. */
function resume(s: RolloutState): void {
  delete s.pause;
  delete s.operatorPause;
  delete s.holdCanary;
  delete s.abort;
  if (s.analysis?.phase === 'Running') s.analysis.phase = 'Skipped';
  s.phase = 'Progressing';
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
