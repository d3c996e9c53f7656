import { AnalysisStarted, Paused, WeightSet } from '../events/reasons.js';
import { formatDuration, isoTime } from '../internal/time.js';
import { splitReplicas } from '../split/split-replicas.js';
import { nodeCanaryCount } from '../split/weighted-node-order.js';
import type { RolloutState, RolloutStrategy } from '../state/rollout-state.js';
import { emit, resetProgress, settlePhase, stepLabel, type RolloutContext } from './rollout-context.js';

/**
 * Begins canary step `index` (or, past the last step, the promotion to 100%): what a step does
 * on entry — set the weight, start a pause, start an analysis run — with its event. The progress
 * clock restarts with every step.
 */
export function enterStep(ctx: RolloutContext, s: RolloutState, index: number): void {
  s.currentStepIndex = index;
  resetProgress(ctx, s);
  const step = ctx.steps[index];
  if (!step) {
    if (s.weight !== 100) setWeight(ctx, s, 100);
  } else if (step.kind === 'setWeight') {
    setWeight(ctx, s, step.weight);
  } else if (step.kind === 'pause') {
    const endsAt = step.seconds === undefined ? undefined : ctx.now + step.seconds * 1000;
    s.pause = { reason: 'PauseStep', startedAt: ctx.at, ...(endsAt !== undefined ? { endsAt: isoTime(endsAt) } : {}) };
    emit(ctx, s, Paused, endsAt === undefined
      ? `Paused at ${stepLabel(ctx, s)} until promoted (mosaic rollout promote)`
      : `Paused at ${stepLabel(ctx, s)} for ${formatDuration(endsAt - ctx.now)}, until ${isoTime(endsAt)}`);
  } else {
    s.analysis = {
      stepIndex: index,
      phase: 'Running',
      startedAt: ctx.at,
      nextMeasurementAt: ctx.at,
      count: step.count,
      failureLimit: step.failureLimit,
      taken: 0,
      failures: 0,
      inconclusive: 0,
      measurements: [],
    };
    emit(ctx, s, AnalysisStarted, `Analysis started at ${stepLabel(ctx, s)} for revision ${s.canaryRevision}`);
  }
  settlePhase(s);
}

const FIRST_STEP: Readonly<Record<RolloutStrategy, (ctx: RolloutContext, s: RolloutState) => void>> = {
  canary: (ctx, s) => enterStep(ctx, s, 0),
  rolling: (ctx, s) => {
    s.currentStepIndex = 0;
    s.weight = 100;
    resetProgress(ctx, s);
  },
  blueGreen: (ctx, s) => {
    s.currentStepIndex = 0;
    s.weight = 0;
    resetProgress(ctx, s);
  },
};

/** Begins a rollout's first step under its strategy (a start, a retry, a deliberate restart). */
export function enterFirstStep(ctx: RolloutContext, s: RolloutState): void {
  s.stepCount = ctx.steps.length;
  FIRST_STEP[s.strategy](ctx, s);
  settlePhase(s);
}

function setWeight(ctx: RolloutContext, s: RolloutState, weight: number): void {
  s.weight = weight;
  emit(ctx, s, WeightSet, `Canary weight ${weight}% at ${stepLabel(ctx, s)}: ${describeSplit(ctx, s, weight)}`);
}

/** `revision 2 gets 1 of 4 instances, revision 1 keeps 3` (end state of the weight). */
export function describeSplit(ctx: RolloutContext, s: RolloutState, weight: number): string {
  if (ctx.nodeOrder) {
    const n = ctx.nodeOrder.length;
    const k = nodeCanaryCount(n, weight);
    const names = ctx.nodeOrder.slice(0, Math.min(k, 5)).join(', ') + (k > 5 ? ', …' : '');
    return `revision ${s.canaryRevision} goes to ${k} of ${n} nodes${k ? ` (${names})` : ''}, revision ${s.stableRevision} keeps ${n - k}`;
  }
  const split = splitReplicas(ctx.replicas, weight);
  return `revision ${s.canaryRevision} gets ${split.desiredCanary} of ${ctx.replicas} instances, revision ${s.stableRevision} keeps ${split.desiredStable}`;
}
