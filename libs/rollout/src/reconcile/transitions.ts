import { Aborted, Completed, RolledBack, RolloutStarted, type RolloutReason } from '../events/reasons.js';
import { formatDuration, timeMs } from '../internal/time.js';
import type { RolloutState } from '../state/rollout-state.js';
import { enterFirstStep } from './enter-step.js';
import { countsFor, emit, inProgress, stepLabel, type RolloutContext, type RolloutCounts } from './rollout-context.js';

// The transitions between rollouts (start, restart, halt, complete, roll back): each sets the
// phase, clears what the previous one left behind, and records its event.

/** Starts rolling out `revision` over the stable one; a rollout in progress is superseded. */
export function startRollout(ctx: RolloutContext, s: RolloutState, revision: number): void {
  const superseded = inProgress(s) && s.canaryRevision !== revision ? s.canaryRevision : undefined;
  s.canaryRevision = revision;
  s.strategy = ctx.spec.strategy;
  s.stepsHash = ctx.stepsHash;
  s.startedAt = ctx.at;
  delete s.completedAt;
  clearRun(s);
  s.phase = 'Progressing';
  emit(ctx, s, RolloutStarted, `Rolling out revision ${revision} over stable revision ${s.stableRevision} (${describeStrategy(ctx)})`
    + (superseded !== undefined ? `; it replaces revision ${superseded}, whose instances stop` : ''));
  enterFirstStep(ctx, s);
}

/** Starts the same revision's rollout again from its first step (retry, steps changed). */
export function restartRollout(ctx: RolloutContext, s: RolloutState, keepOperatorPause: boolean): void {
  const operatorPause = keepOperatorPause ? s.operatorPause : undefined;
  clearRun(s);
  if (operatorPause) s.operatorPause = operatorPause;
  s.strategy = ctx.spec.strategy;
  s.stepsHash = ctx.stepsHash;
  s.phase = 'Progressing';
  enterFirstStep(ctx, s);
}

/**
 * Stops the rollout. An operator's abort, or any failure with `autoRollback`, aborts: weight 0,
 * the stable revision is restored (`RolledBack` once it is). A failure without `autoRollback`
 * degrades: the split holds where it is until an operator promotes, aborts or retries.
 * The caller has recorded the failure's own event (AnalysisFailed, ProgressDeadlineExceeded).
 */
export function haltRollout(ctx: RolloutContext, s: RolloutState, reason: RolloutReason, why: string, detail: string, byOperator: boolean): void {
  const label = stepLabel(ctx, s);
  const canaryLive = countsFor(ctx, s).canary.live;
  s.abort = { reason, message: detail, at: ctx.at };
  delete s.pause;
  delete s.operatorPause;
  delete s.progress;
  if (s.analysis?.phase === 'Running') s.analysis.phase = 'Skipped';
  if (byOperator || ctx.spec.autoRollback) {
    s.phase = 'Aborted';
    s.weight = 0;
    delete s.holdCanary;
    s.abort.restored = false;
    emit(ctx, s, Aborted, `Rollout of revision ${s.canaryRevision} aborted ${why} at ${label}; restoring revision ${s.stableRevision}`);
  } else {
    s.phase = 'Degraded';
    s.holdCanary = canaryLive;
    s.message = `${detail}; autoRollback is off: revision ${s.canaryRevision} holds at ${label} until promote, abort or retry`;
  }
}

/** The canary serves 100%, all available: it becomes the stable revision. */
export function completeRollout(ctx: RolloutContext, s: RolloutState, c: RolloutCounts): void {
  const previous = s.stableRevision;
  s.stableRevision = s.canaryRevision;
  s.phase = 'Completed';
  s.weight = 100;
  s.completedAt = ctx.at;
  clearRun(s);
  const took = formatDuration(ctx.now - timeMs(s.startedAt, ctx.now));
  emit(ctx, s, Completed, `Revision ${s.canaryRevision} is stable: ${c.canary.available}/${ctx.replicas} ${unit(ctx)} available, revision ${previous} scaled to 0 (rollout took ${took})`);
}

/** The spec maps to the stable revision again (an undo) while a rollout is in progress. */
export function rollBackToStable(ctx: RolloutContext, s: RolloutState): void {
  const dropped = s.canaryRevision;
  const label = stepLabel(ctx, s);
  s.canaryRevision = s.stableRevision;
  s.phase = 'Healthy';
  s.weight = 100;
  s.currentStepIndex = 0;
  s.strategy = ctx.spec.strategy;
  s.stepsHash = ctx.stepsHash;
  s.stepCount = ctx.steps.length;
  clearRun(s);
  emit(ctx, s, RolledBack, `Revision ${s.stableRevision} is wanted again: the rollout of revision ${dropped} stops at ${label} and its instances are removed`);
}

/** Aborted: once the stable revision runs in full again and the canary has no instances, say so. */
export function reconcileAborted(ctx: RolloutContext, s: RolloutState, c: RolloutCounts, atTarget: boolean): void {
  if (s.phase !== 'Aborted' || !s.abort || s.abort.restored) return;
  if (c.canary.live > 0 || !atTarget) return;
  s.abort.restored = true;
  emit(ctx, s, RolledBack, `Revision ${s.stableRevision} restored: ${c.stable.available}/${ctx.replicas} ${unit(ctx)} available; revision ${s.canaryRevision} has none left`);
}

export function unit(ctx: RolloutContext): string {
  return ctx.nodeOrder ? 'nodes' : 'instances';
}

function clearRun(s: RolloutState): void {
  delete s.pause;
  delete s.operatorPause;
  delete s.holdCanary;
  delete s.analysis;
  delete s.abort;
  delete s.progress;
}

function describeStrategy(ctx: RolloutContext): string {
  const { spec } = ctx;
  if (spec.strategy === 'canary') return `canary, ${ctx.steps.length} steps`;
  if (spec.strategy === 'blueGreen') return 'blue-green: full preview first, traffic switches on promote';
  return `rolling, maxSurge ${spec.maxSurge}, maxUnavailable ${spec.maxUnavailable}`;
}
