import { ProgressDeadlineExceeded } from '../events/reasons.js';
import { formatDuration, timeMs } from '../internal/time.js';
import type { RolloutState } from '../state/rollout-state.js';
import { countsFor, emit, isRunning, stepLabel, type RolloutContext } from './rollout-context.js';
import { distanceToTarget, planFor } from './rollout-plan.js';
import { haltRollout, unit } from './transitions.js';

/**
 * Called while a step is unfinished. Progress is the distance to the step's target reaching a
 * new low (a canary became available, a stable instance went, an old one drained) or, in an
 * analysis step, a conclusive measurement; a new step, the end of a pause and a resume restart
 * the clock, and no clock runs while paused. `progressDeadlineSeconds` without progress halts
 * the rollout (aborts with autoRollback, degrades without). In an analysis step the allowance
 * grows by one interval, the analysis's own wait. Otherwise the deadline is a timer to wake for.
 */
export function reconcileProgressDeadline(ctx: RolloutContext, s: RolloutState): void {
  if (!isRunning(s)) return;
  const c = countsFor(ctx, s);
  const plan = planFor(ctx, s, c);
  const distance = distanceToTarget(plan, c);
  const progress = s.progress ?? { lastProgressAt: ctx.at, bestDistance: distance };
  if (distance < progress.bestDistance) {
    progress.lastProgressAt = ctx.at;
    progress.bestDistance = distance;
  }
  s.progress = progress;

  const step = s.strategy === 'canary' ? ctx.steps[s.currentStepIndex] : undefined;
  const allowance = (ctx.spec.progressDeadlineSeconds + (step?.kind === 'analysis' ? step.intervalSeconds : 0)) * 1000;
  const since = timeMs(progress.lastProgressAt, ctx.now);
  const deadlineAt = since + allowance;
  if (ctx.now < deadlineAt) {
    ctx.timers.push(deadlineAt);
    return;
  }
  const crash = c.canary.crashLooping ? `, ${c.canary.crashLooping} crash-looping` : '';
  const detail = `No progress for ${formatDuration(ctx.now - since)} (progressDeadlineSeconds ${ctx.spec.progressDeadlineSeconds}) at ${stepLabel(ctx, s)}: `
    + `revision ${s.canaryRevision} has ${c.canary.available}/${plan.desiredCanary} ${unit(ctx)} available${crash}`;
  emit(ctx, s, ProgressDeadlineExceeded, detail);
  haltRollout(ctx, s, ProgressDeadlineExceeded, 'for lack of progress', detail, false);
}
