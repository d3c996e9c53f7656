import type { TransitionBudget } from '../split/int-or-percent.js';
import type { ReplicaSplit } from '../split/split-options.js';
import { planCounts, splitReplicas } from '../split/split-replicas.js';
import { nodeCanaryCount } from '../split/weighted-node-order.js';
import type { RolloutState, RolloutStrategy } from '../state/rollout-state.js';
import { countsFor, inProgress, type RolloutContext, type RolloutCounts } from './rollout-context.js';

/** The counts the state asks for now, with the canary's traffic share and, for probes, the nodes. */
export interface RolloutPlan extends ReplicaSplit {
  /** The canary's share of traffic (0..100). */
  weight: number;
  nodes?: { canary: string[]; stable: string[] };
}

/**
 * What the state asks for, given what runs: idle and aborted rollouts ask for the stable
 * revision only; otherwise each strategy has its own split (below).
 */
export function planFor(ctx: RolloutContext, s: RolloutState, c: RolloutCounts = countsFor(ctx, s)): RolloutPlan {
  if (!inProgress(s) || s.phase === 'Aborted') return weightPlan(ctx, c, 0, 0);
  return PLANS[s.strategy](ctx, s, c);
}

type PlanFn = (ctx: RolloutContext, s: RolloutState, c: RolloutCounts) => RolloutPlan;

const PLANS: Readonly<Record<RolloutStrategy, PlanFn>> = {
  /** Canary: the current step's weight (Degraded holds it too). */
  canary: (ctx, s, c) => weightPlan(ctx, c, s.weight, s.weight),
  /**
   * Rolling: straight to 100% within the budget; traffic follows the available instances. A
   * paused or degraded rolling update holds the canary count it had (`holdCanary`).
   */
  rolling: (ctx, s, c) => {
    const share = effectiveShare(c);
    if (s.holdCanary !== undefined && (s.operatorPause || s.phase === 'Degraded')) {
      const hold = Math.min(ctx.replicas, s.holdCanary);
      return countsPlan(ctx, c, ctx.replicas - hold, hold, ctx.budget, share);
    }
    return weightPlan(ctx, c, 100, share);
  },
  /**
   * Blue-green: while previewing, a full set of each revision (the surge is the whole replica
   * count) with no traffic on the preview; once switched, all traffic on it and the old side gone.
   */
  blueGreen: (ctx, s, c) => s.currentStepIndex === 0
    ? countsPlan(ctx, c, ctx.replicas, ctx.replicas, { ...ctx.budget, surge: ctx.replicas }, 0)
    : countsPlan(ctx, c, 0, ctx.replicas, ctx.budget, 100),
};

/** The split for a weight: `splitReplicas` for instances, the node prefix for probes. */
function weightPlan(ctx: RolloutContext, c: RolloutCounts, weight: number, traffic: number): RolloutPlan {
  if (ctx.nodeOrder) {
    const canary = nodeCanaryCount(ctx.nodeOrder.length, weight);
    return nodePlan(ctx, c, ctx.nodeOrder.length - canary, canary, ctx.budget, traffic);
  }
  const split = splitReplicas(ctx.replicas, weight, {
    maxSurge: ctx.spec.maxSurge,
    maxUnavailable: ctx.spec.maxUnavailable,
    current: { stable: c.stable, canary: c.canary, old: c.oldTotal },
  });
  return { ...split, weight: traffic };
}

/** A split given as end-state counts. */
function countsPlan(ctx: RolloutContext, c: RolloutCounts, stable: number, canary: number, budget: TransitionBudget, traffic: number): RolloutPlan {
  if (ctx.nodeOrder) return nodePlan(ctx, c, stable, canary, budget, traffic);
  const split = planCounts(ctx.replicas, stable, canary, budget, { current: { stable: c.stable, canary: c.canary, old: c.oldTotal } });
  return { ...split, weight: traffic };
}

/**
 * Probes: the canary runs on a prefix of the node order. A growing prefix grows by at most
 * `maxSurge + maxUnavailable` (at least 1) nodes beyond those already available on the canary,
 * so a probe that fails to attach stops the spread where it is; a shrinking one shrinks at once
 * (swapping back to the stable program is what an abort wants). Other revisions get no nodes.
 * A blue-green preview's surge is every node, so it goes everywhere at once.
 */
function nodePlan(ctx: RolloutContext, c: RolloutCounts, desiredStable: number, desiredCanary: number, budget: TransitionBudget, traffic: number): RolloutPlan {
  const order = ctx.nodeOrder ?? [];
  const n = order.length;
  const batch = Math.max(1, budget.surge + budget.unavailable);
  const tick = desiredCanary > c.canary.live
    ? Math.max(c.canary.live, Math.min(desiredCanary, c.canary.available + batch))
    : desiredCanary;
  const canary = order.slice(0, tick);
  // Both sides on every node (blue-green preview) or the nodes past the canary prefix.
  const stable = desiredStable + desiredCanary > n ? order.slice(n - desiredStable) : order.slice(tick);
  const atTarget = c.canary.live === desiredCanary && c.canary.available >= desiredCanary
    && c.stable.live === desiredStable && c.oldTotal.live === 0;
  return { desiredStable, desiredCanary, stable: stable.length, canary: canary.length, old: 0, atTarget, weight: traffic, nodes: { canary, stable } };
}

/** The canary's share of available instances, in whole percent (rounded down). */
function effectiveShare(c: RolloutCounts): number {
  const total = c.canary.available + c.stable.available;
  return total === 0 ? 0 : Math.floor((100 * c.canary.available) / total);
}

/**
 * Instances still to move before the plan's end state: canaries to become available (or to
 * go), stable instances to add or remove, old ones to drain. The progress deadline measures
 * progress as this number reaching a new low.
 */
export function distanceToTarget(plan: RolloutPlan, c: RolloutCounts): number {
  return Math.max(0, plan.desiredCanary - c.canary.available)
    + Math.max(0, c.canary.live - plan.desiredCanary)
    + Math.abs(c.stable.live - plan.desiredStable)
    + c.oldTotal.live;
}

/**
 * A `setWeight` step is done when the split is in place and every canary instance has settled:
 * the canary has its count, each available or crash-looping (not still starting), old revisions
 * are gone, and the stable side is at its count — plus one instance per unavailable canary,
 * which the availability budget keeps. So a crash-looping canary does not hold the rollout at
 * the split (the next analysis step judges it) and never costs a stable instance.
 */
export function canarySettled(plan: RolloutPlan, c: RolloutCounts): boolean {
  const want = plan.desiredCanary;
  const unavailable = Math.max(0, want - c.canary.available);
  return c.canary.live === want
    && c.canary.available + c.canary.crashLooping >= want
    && c.oldTotal.live === 0
    && c.stable.live >= plan.desiredStable
    && c.stable.live <= plan.desiredStable + unavailable;
}
