import { evaluateMetric, describeResult, measurementOutcome } from '../analysis/evaluate-metric.js';
import { AnalysisFailed, AnalysisInconclusive, AnalysisMeasurementFailed, AnalysisSucceeded } from '../events/reasons.js';
import { appendBounded } from '../events/rollout-event.js';
import { isoTime, timeMs } from '../internal/time.js';
import type { AnalysisStep } from '../steps/canary-step.js';
import type { AnalysisValues } from '../state/rollout-input.js';
import type { AnalysisRunState, RolloutState } from '../state/rollout-state.js';
import { countsFor, emit, stepLabel, type RolloutContext, type RolloutCounts } from './rollout-context.js';
import { planFor, type RolloutPlan } from './rollout-plan.js';
import { haltRollout } from './transitions.js';

/**
 * An analysis step: one measurement when due (the first at once, then every `intervalSeconds`),
 * from the values the controller measured just before this reconcile. Returns true once `count`
 * conclusive measurements are in with at most `failureLimit` failed; a failure beyond the limit
 * halts the rollout (`AnalysisFailed`). Inconclusive measurements (a value missing) count for
 * nothing and are taken again an interval later; the progress deadline bounds how long.
 */
export function reconcileAnalysisStep(ctx: RolloutContext, s: RolloutState, step: AnalysisStep): boolean {
  const run = currentRun(ctx, s, step);
  if (run.phase === 'Successful') return true;
  if (run.phase !== 'Running') return false;
  const due = timeMs(run.nextMeasurementAt, ctx.now);
  if (ctx.now < due) {
    ctx.timers.push(due);
    return false;
  }

  const c = countsFor(ctx, s);
  const values = measuredValues(ctx.input.measurements, c, planFor(ctx, s, c));
  const results = step.metrics.map((m) => evaluateMetric(m, values[m.kind]));
  const outcome = measurementOutcome(results);
  run.measurements = appendBounded(run.measurements, [{ at: ctx.at, outcome, results }], ctx.options.maxMeasurements);
  const summary = results.map(describeResult).join(', ');
  const label = stepLabel(ctx, s);

  if (outcome === 'Inconclusive') {
    run.inconclusive++;
    scheduleNext(ctx, run, step);
    emit(ctx, s, AnalysisInconclusive, `Measurement at ${label} inconclusive (${summary}); measuring again in ${step.intervalSeconds}s`);
    return false;
  }
  run.taken++;
  s.progress = { lastProgressAt: ctx.at, bestDistance: s.progress?.bestDistance ?? Number.MAX_SAFE_INTEGER };
  if (outcome === 'Failed') {
    run.failures++;
    if (run.failures > step.failureLimit) {
      run.phase = 'Failed';
      delete run.nextMeasurementAt;
      const detail = `Analysis failed at ${label}: ${run.failures} of ${run.taken} measurements failed (failureLimit ${step.failureLimit}); last: ${summary}`;
      emit(ctx, s, AnalysisFailed, detail);
      haltRollout(ctx, s, AnalysisFailed, 'because its analysis failed', detail, false);
      return false;
    }
    emit(ctx, s, AnalysisMeasurementFailed, `Measurement ${run.taken}/${step.count} at ${label} failed (${summary}); ${run.failures} of ${step.failureLimit} allowed failures used`);
  }
  if (run.taken >= step.count) {
    run.phase = 'Successful';
    delete run.nextMeasurementAt;
    emit(ctx, s, AnalysisSucceeded, `Analysis passed at ${label}: ${run.taken - run.failures}/${run.taken} measurements successful (last: ${summary})`);
    return true;
  }
  scheduleNext(ctx, run, step);
  return false;
}

/** The run of this step; one is started if the state has none for it (a hand-edited status). */
function currentRun(ctx: RolloutContext, s: RolloutState, step: AnalysisStep): AnalysisRunState {
  if (s.analysis?.stepIndex === s.currentStepIndex) return s.analysis;
  s.analysis = {
    stepIndex: s.currentStepIndex, phase: 'Running', startedAt: ctx.at, nextMeasurementAt: ctx.at,
    count: step.count, failureLimit: step.failureLimit, taken: 0, failures: 0, inconclusive: 0, measurements: [],
  };
  return s.analysis;
}

function scheduleNext(ctx: RolloutContext, run: AnalysisRunState, step: AnalysisStep): void {
  const next = ctx.now + step.intervalSeconds * 1000;
  run.nextMeasurementAt = isoTime(next);
  ctx.timers.push(next);
}

/**
 * The controller's values, with `health` (available ÷ wanted canary instances, at most 1) and
 * `restarts` (summed over the canary's instances) from the instance counts when not measured.
 */
export function measuredValues(measured: AnalysisValues | undefined, c: RolloutCounts, plan: RolloutPlan): AnalysisValues {
  const values: AnalysisValues = { ...measured };
  if (values.health === undefined && plan.desiredCanary > 0) values.health = Math.min(1, c.canary.available / plan.desiredCanary);
  if (values.restarts === undefined && c.canary.restarts !== undefined) values.restarts = c.canary.restarts;
  return values;
}
