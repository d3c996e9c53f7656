import { appendBounded } from '../events/rollout-event.js';
import type { RevisionTarget, RolloutDecision, RolloutTargets } from '../state/rollout-decision.js';
import type { RolloutInput } from '../state/rollout-input.js';
import type { RolloutState } from '../state/rollout-state.js';
import { reconcileCommands } from './reconcile-commands.js';
import { reconcileRevision, reconcileSpecChange } from './reconcile-revision.js';
import { countsFor, createRolloutContext, inProgress, settlePhase, type RolloutContext, type RolloutCounts } from './rollout-context.js';
import { planFor, type RolloutPlan } from './rollout-plan.js';
import { STRATEGIES } from './strategies.js';
import { reconcileAborted } from './transitions.js';

/**
 * The rollout machine: one pure reconcile of one workload's rollout. Plain data in (spec,
 * last state, instance counts per revision, measurements, operator commands, `now`), plain
 * decision out (next state, per-revision targets, when to reconcile again, events). No I/O, no
 * clock, no randomness: the same input always gives the same decision.
 *
 * A flat sequence, Argo Rollouts style; each part returns early while its phase is unfinished:
 * 1. **Revision**: first sight, the same rollout, an undo to the stable revision, or a new one.
 * 2. **Spec change**: another step list or strategy mid-rollout restarts it deliberately.
 * 3. **Commands**: pause, resume, promote, promote --full, abort, retry, in `seq` order.
 * 4. **Aborted**: records `RolledBack` once the stable revision is fully back.
 * 5. **Steps**: the strategy advances as far as it can (see `canary-strategy.ts` & co).
 * 6. **Decision**: the split for the resulting state, the earliest timer, bounded history.
 */
export function reconcileRollout(input: RolloutInput): RolloutDecision {
  const ctx = createRolloutContext(input);
  const s = reconcileRevision(ctx);
  reconcileSpecChange(ctx, s);
  const commands = reconcileCommands(ctx, s);
  const counts = countsFor(ctx, s);
  reconcileAborted(ctx, s, counts, planFor(ctx, s, counts).atTarget);
  STRATEGIES[s.strategy].reconcile(ctx, s);
  settlePhase(s);
  return decide(ctx, s, commands);
}

function decide(ctx: RolloutContext, s: RolloutState, commands: RolloutDecision['commands']): RolloutDecision {
  const counts = countsFor(ctx, s);
  const plan = planFor(ctx, s, counts);
  const state: RolloutState = { ...s, events: appendBounded(s.events, ctx.events, ctx.options.maxEvents) };
  const wake = ctx.timers.length ? Math.min(...ctx.timers) : undefined;
  return {
    state,
    targets: targetsOf(s, plan, counts),
    ...(wake !== undefined ? { requeueAfter: Math.max(0, wake - ctx.now) } : {}),
    events: ctx.events,
    commands,
  };
}

function targetsOf(s: RolloutState, plan: RolloutPlan, c: RolloutCounts): RolloutTargets {
  const rolling = inProgress(s);
  return {
    stable: { revision: s.stableRevision, instances: plan.stable },
    ...(rolling ? { canary: { revision: s.canaryRevision, instances: plan.canary } } : {}),
    old: oldTargets(c, plan.old),
    weight: rolling && s.phase !== 'Aborted' ? plan.weight : 0,
    ...(plan.nodes ? { nodes: plan.nodes } : {}),
  };
}

/**
 * Spreads the old instances that may remain over the old revisions: unavailable ones go first
 * (they cost nothing), then available ones from the oldest revision up.
 */
function oldTargets(c: RolloutCounts, keep: number): RevisionTarget[] {
  let remove = Math.max(0, c.oldTotal.live - keep);
  const targets = c.oldRevisions.map(({ revision, counts }) => {
    const free = Math.min(remove, counts.live - counts.available);
    remove -= free;
    return { revision, instances: counts.live - free };
  });
  for (const t of targets) {
    const paid = Math.min(remove, t.instances);
    remove -= paid;
    t.instances -= paid;
  }
  return targets;
}
