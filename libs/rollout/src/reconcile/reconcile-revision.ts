import { RolloutInitialized, StepsChanged, StrategyChanged } from '../events/reasons.js';
import type { RolloutState } from '../state/rollout-state.js';
import { emit, inProgress, isActive, stepLabel, type RolloutContext } from './rollout-context.js';
import { restartRollout, rollBackToStable, startRollout, unit } from './transitions.js';

/**
 * Which rollout the desired revision means, given the last state:
 * - no state yet: the running revision (`revisions.stable`, else the desired one) is stable;
 *   a different desired revision starts a rollout at once;
 * - the desired revision is the one being rolled out (or the stable one, idle): carry on;
 * - it is the stable revision while another is being rolled out (an undo to it): roll back now;
 * - any other revision: a new rollout, superseding one in progress.
 * Returns a copy of the state; the input's is never modified.
 */
export function reconcileRevision(ctx: RolloutContext): RolloutState {
  const { state, revisions } = ctx.input;
  if (!state) {
    const stable = revisions.stable ?? revisions.desired;
    const s = initialState(ctx, stable);
    emit(ctx, s, RolloutInitialized, `Revision ${stable} is the stable revision (${ctx.replicas} ${unit(ctx)})`);
    if (revisions.desired !== stable) startRollout(ctx, s, revisions.desired);
    return s;
  }
  const s = copyState(state);
  if (revisions.desired === s.canaryRevision) return s;
  if (revisions.desired === s.stableRevision) rollBackToStable(ctx, s);
  else startRollout(ctx, s, revisions.desired);
  return s;
}

/**
 * A strategy or step list other than the one the rollout runs (`stepsHash` differs). In the
 * middle of a rollout (active or degraded) that restarts it deliberately from the first step,
 * with its own event; an operator pause stays. Otherwise the new steps are recorded for the
 * next start.
 */
export function reconcileSpecChange(ctx: RolloutContext, s: RolloutState): void {
  const strategyChanged = s.strategy !== ctx.spec.strategy;
  if (!strategyChanged && s.stepsHash === ctx.stepsHash) return;
  const reason = strategyChanged ? StrategyChanged : StepsChanged;
  const what = strategyChanged
    ? `Strategy changed from ${s.strategy} to ${ctx.spec.strategy}`
    : `Steps changed (hash ${s.stepsHash} → ${ctx.stepsHash}, ${ctx.steps.length} steps)`;
  if (inProgress(s) && (isActive(s) || s.phase === 'Degraded')) {
    // The position is described by number only: the old steps are gone, only their hash remains.
    const at = s.strategy === 'canary' ? `step ${s.currentStepIndex + 1}/${s.stepCount}` : stepLabel(ctx, s);
    emit(ctx, s, reason, `${what} at ${at}: revision ${s.canaryRevision} restarts from the first step`);
    restartRollout(ctx, s, true);
    return;
  }
  s.strategy = ctx.spec.strategy;
  s.stepsHash = ctx.stepsHash;
  s.stepCount = ctx.steps.length;
  emit(ctx, s, reason, `${what}; they apply from the next rollout or retry`);
}

function initialState(ctx: RolloutContext, stable: number): RolloutState {
  return {
    strategy: ctx.spec.strategy,
    phase: 'Healthy',
    message: '',
    stableRevision: stable,
    canaryRevision: stable,
    currentStepIndex: 0,
    stepCount: ctx.steps.length,
    stepsHash: ctx.stepsHash,
    weight: 100,
    commandSeq: 0,
    events: [],
  };
}

/** A deep copy (the state is plain JSON by contract), with list fields a hand-written status may lack. */
function copyState(state: RolloutState): RolloutState {
  const s = JSON.parse(JSON.stringify(state)) as RolloutState;
  s.events ??= [];
  s.commandSeq ??= 0;
  return s;
}
