import { transitionBudget, type TransitionBudget } from './int-or-percent.js';
import type { InstanceCount, ReplicaSplit, SplitOptions } from './split-options.js';

/**
 * The replica split for a canary weight (Argo Rollouts' `CalculateReplicaCountsForCanary`, with
 * Mosaic's availability rule). Pure; the rollout machine calls it every reconcile and the
 * controller turns the answer into instances to create or stop.
 *
 * **End state for a weight** (`r` = replicas, `w` = weight):
 * ```
 * desiredCanary = w = 0 ? 0 : min(r, ⌈r·w/100⌉)       ← rounds up: 1% of 3 is 1 canary, never 0
 * desiredStable = w = 100 ? 0 : min(r, ⌈r·(100−w)/100⌉) ← rounds up too: a stable instance stays
 * ```
 * Both round up so that neither side disappears while 0 < w < 100; when `r·w/100` is not whole
 * the two add up to `r + 1` (Argo's "extra replica"), and the surge grows by one to allow it.
 *
 * **One tick of the transition**, from what runs now (`current`):
 * ```
 * maxTotal     = r + surge (+1 for the extra replica)     minAvailable = r − unavailable
 * room         = maxTotal − (stable + canary + old live)
 * scale up     stable first, then canary, each to its desired count, within room
 * spare        = available (all revisions) − minAvailable
 * scale down   old revisions, then the canary (if above its count), then the stable:
 *              unavailable instances first (they cost no availability), then available
 *              ones while spare lasts
 * ```
 * A new instance that is not available yet is never counted as serving, so a canary that never
 * becomes available (a crash loop) can never take a stable instance's place. The controller must
 * stop a revision's unavailable instances before its available ones, as the reconciler does.
 *
 * Worked examples (maxSurge 25%, maxUnavailable 0 unless said otherwise):
 * - **25% of 4** → canary ⌈1⌉ = 1, stable ⌈3⌉ = 3. From 4 stable: maxTotal 5, minAvailable 4.
 *   Tick 1: room 1 → canary 1; spare 4 − 4 = 0 → stable 4. Tick 2 (canary available): room 0;
 *   spare 5 − 4 = 1 → stable 3. Tick 3: at target.
 * - **The same canary crash-looping**: tick 2 has spare 4 − 4 = 0 → stable stays 4, for as long as
 *   the canary is down. The rollout can stall (a progress deadline or an analysis ends it) but
 *   the stable revision never drops below the spec's minimum.
 * - **1% of 3** → canary ⌈0.03⌉ = 1, stable ⌈2.97⌉ = 3: 4 in all, maxTotal 3 + 1 + 1 = 5.
 * - **50% of 3** → 2 + 2 (⌈1.5⌉ each). **95% of 10** → canary ⌈9.5⌉ = 10, stable ⌈0.5⌉ = 1.
 * - **Replicas 1, any 0 < w < 100** → 1 canary + 1 stable: the one stable instance keeps
 *   serving next to the canary, through the extra replica, even with maxSurge 0.
 * - **maxSurge 0, maxUnavailable 1, 25% of 4**: maxTotal 4, minAvailable 3. Tick 1: room 0;
 *   spare 1 → stable 3 (canary 0). Tick 2: room 1 → canary 1. Tick 3 (available): at target.
 * - **Back to 0% from 2 + 2** (an abort): maxTotal 5. Tick 1: room 1 → stable 3; spare 0 →
 *   canary 2. Tick 2: spare 5 − 4 = 1 → canary 1. Tick 3: room 1 → stable 4. Tick 4: spare 1 →
 *   canary 0. Availability stays at 4 the whole way (unavailable canaries would go at once).
 * - **100%** → canary r, stable 0: a rolling update, within the same budget.
 */
export function splitReplicas(replicas: number, weight: number, options: SplitOptions = {}): ReplicaSplit {
  const r = Math.max(0, Math.floor(replicas));
  const w = Math.min(100, Math.max(0, weight));
  const desiredCanary = w <= 0 ? 0 : Math.min(r, Math.ceil((r * w) / 100));
  const desiredStable = w >= 100 ? 0 : Math.min(r, Math.ceil((r * (100 - w)) / 100));
  const budget = transitionBudget(r, options.maxSurge ?? '25%', options.maxUnavailable ?? 0);
  return planCounts(r, desiredStable, desiredCanary, budget, options);
}

/**
 * One tick towards given end-state counts (the split arithmetic without the weight): what
 * `splitReplicas` does after rounding, and what a paused rolling update uses to hold its counts.
 */
export function planCounts(
  replicas: number,
  desiredStable: number,
  desiredCanary: number,
  budget: TransitionBudget,
  options: Pick<SplitOptions, 'current'> = {},
): ReplicaSplit {
  const current = options.current;
  if (!current) {
    return { desiredStable, desiredCanary, stable: desiredStable, canary: desiredCanary, old: 0, atTarget: false };
  }
  const stableNow = sane(current.stable);
  const canaryNow = sane(current.canary);
  const oldNow = sane(current.old ?? { live: 0, available: 0 });

  const extra = desiredStable + desiredCanary > replicas ? 1 : 0;
  const maxTotal = replicas + budget.surge + extra;
  let room = Math.max(0, maxTotal - (stableNow.live + canaryNow.live + oldNow.live));
  let stable = stableNow.live;
  let canary = canaryNow.live;
  // Scale up: the stable side first, it is the one known to work.
  if (stable < desiredStable) {
    const up = Math.min(desiredStable - stable, room);
    stable += up;
    room -= up;
  }
  if (canary < desiredCanary) canary += Math.min(desiredCanary - canary, room);

  // Scale down within the availability budget: unavailable instances are free to stop.
  let spare = stableNow.available + canaryNow.available + oldNow.available - budget.minAvailable;
  const drain = (count: InstanceCount, target: number): number => {
    const excess = count.live - target;
    if (excess <= 0) return count.live;
    const free = Math.min(excess, count.live - count.available);
    const paid = Math.min(excess - free, Math.max(0, spare));
    spare -= paid;
    return count.live - free - paid;
  };
  const old = drain(oldNow, 0);
  if (canaryNow.live > desiredCanary) canary = drain(canaryNow, desiredCanary);
  if (stableNow.live > desiredStable) stable = drain(stableNow, desiredStable);

  const atTarget = canaryNow.live === desiredCanary && canaryNow.available >= desiredCanary
    && stableNow.live === desiredStable && oldNow.live === 0;
  return { desiredStable, desiredCanary, stable, canary, old, atTarget };
}

function sane(c: InstanceCount): InstanceCount {
  const live = Math.max(0, Math.floor(c.live));
  return { live, available: Math.min(live, Math.max(0, Math.floor(c.available))) };
}
