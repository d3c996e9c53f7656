/**
 * The rolling-update arithmetic: how many instances of the new revision may be created and how
 * many old ones may be stopped in one reconcile, from `spec.replicas`, `rollout.maxSurge` and
 * `rollout.maxUnavailable`. Pure; the planner feeds it counts and applies what it allows.
 */

/** What a reconcile knows about a workload's instances, as counts. */
export interface RollingCounts {
  /** `spec.replicas` (in `everyNode` mode: the number of nodes the workload should run on). */
  replicas: number;
  /** `rollout.maxSurge`: a count (`"1"`) or a percentage of replicas (`"25%"`). */
  maxSurge: string;
  /** `rollout.maxUnavailable`: a count or a percentage of replicas. */
  maxUnavailable: string;
  /** Live instances of the current (newest) revision, available or not. */
  currentLive: number;
  /** Of those, the available ones (Running, healthy, on a Ready node). */
  currentAvailable: number;
  /** Live instances of older revisions. */
  oldLive: number;
  /** Of those, the available ones. */
  oldAvailable: number;
}

/** What one reconcile may do. All fields are non-negative integers. */
export interface RollingBudget {
  /** The replicas the budget was computed for (everyNode: the node count). */
  replicas: number;
  /** maxSurge resolved against replicas (percentages round up). */
  surge: number;
  /** maxUnavailable resolved against replicas (percentages round down; 1 when both resolve to 0). */
  unavailable: number;
  /** `replicas − unavailable`: availability never drops below this because of us. */
  minAvailable: number;
  /** `replicas + surge`: live instances (all revisions) never exceed this because of us. */
  maxTotal: number;
  /** New instances of the current revision to create now. */
  create: number;
  /** Old instances that are not available and may be stopped now (they cost no availability). */
  stopOldUnavailable: number;
  /** Old available instances that may be stopped now. */
  stopOldAvailable: number;
  /** Current-revision instances above `replicas` (a scale-down): stopped regardless of availability. */
  stopCurrentSurplus: number;
}

/**
 * Resolves an int-or-percent against `total`: `"2"` → 2; `"25%"` of 10 → 2.5 → 3 when rounding
 * up (surge), 2 when rounding down (unavailable). Kubernetes' `GetScaledValueFromIntOrPercent`.
 */
export function resolveIntOrPercent(value: string, total: number, roundUp: boolean): number {
  const match = /^(\d+)(%?)$/.exec(value.trim());
  if (!match) return 0; // the schema admits nothing else; a stored oddity must not throw here
  const n = Number(match[1]);
  if (!match[2]) return n;
  const scaled = (n * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/**
 * One step of a rolling update, with the rules of Kubernetes' Deployment controller
 * (`NewRSNewReplicas`, `reconcileOldReplicaSets`):
 *
 * ```
 * surge        = maxSurge of replicas, rounded up        unavailable = maxUnavailable, rounded down
 *                (both 0 → unavailable = 1, or a rollout could never start)
 * maxTotal     = replicas + surge                         minAvailable = replicas − unavailable
 * total        = currentLive + oldLive                    (stopping instances are not counted)
 * create       = min(replicas − currentLive, maxTotal − total), at least 0
 * maxScaleDown = total − minAvailable − (currentLive − currentAvailable)
 * stopOldUnavailable = min(oldLive − oldAvailable, maxScaleDown)          ← free: costs no availability
 * stopOldAvailable   = min(oldAvailable, currentAvailable + oldAvailable − minAvailable,
 *                          maxScaleDown − stopOldUnavailable)
 * stopCurrentSurplus = currentLive − replicas, at least 0                 ← a scale-down was asked for
 * ```
 * New instances that are not yet available are subtracted from `maxScaleDown`: they may never
 * become available (a crash loop), and the old ones are what keeps the service up meanwhile.
 *
 * Worked examples (replicas 3 unless said otherwise):
 * - **Defaults** (maxSurge 25% → ⌈0.75⌉ = 1, maxUnavailable 0): minAvailable 3, maxTotal 4.
 *   3 old available → create 1, stop 0. The new one starts (total 4, maxScaleDown 4−3−1 = 0) →
 *   nothing. It becomes available → maxScaleDown 1, available 4 − 3 = 1 → stop 1 old. Total 3 →
 *   create 1 … three rounds of one-in, one-out; availability stays at 3 throughout.
 * - **maxSurge 0, maxUnavailable 1**, replicas 4: minAvailable 3, maxTotal 4. 4 old → create 0,
 *   stop 1 old (4 − 3). Next round 3 old → create 1, stop 0 until it is available.
 * - **maxSurge 100%**: surge 3, maxTotal 6 → create 3 at once; old ones go as new ones become
 *   available (blue/green-like).
 * - **Crash-looping new revision** (defaults): 3 old + 1 new never available → create 0
 *   (total 4 = maxTotal), maxScaleDown 4 − 3 − 1 = 0: the rollout stalls with all 3 old serving.
 * - **Old instances that are down** (2 of 3 old crash-looping, defaults): total 3, maxScaleDown
 *   3 − 3 − 0 = 0 → nothing stopped; create 1. Once the new one is available: maxScaleDown 1 →
 *   one broken old instance is stopped first, which costs no availability.
 * - **Scale-down without a rollout** (5 current, replicas 3): stopCurrentSurplus 2.
 * - **maxUnavailable 25% of 3** → ⌊0.75⌋ = 0; with maxSurge 0 too → unavailable 1, minAvailable 2.
 */
export function rollingBudget(c: RollingCounts): RollingBudget {
  const replicas = Math.max(0, c.replicas);
  const surgeRaw = resolveIntOrPercent(c.maxSurge, replicas, true);
  const unavailableRaw = resolveIntOrPercent(c.maxUnavailable, replicas, false);
  const surge = surgeRaw;
  const unavailable = surgeRaw === 0 && unavailableRaw === 0 && replicas > 0 ? 1 : Math.min(unavailableRaw, replicas);
  const minAvailable = Math.max(0, replicas - unavailable);
  const maxTotal = replicas + surge;

  const total = c.currentLive + c.oldLive;
  const create = Math.max(0, Math.min(replicas - c.currentLive, maxTotal - total));

  const currentUnavailable = Math.max(0, c.currentLive - c.currentAvailable);
  const oldUnavailable = Math.max(0, c.oldLive - c.oldAvailable);
  const maxScaleDown = Math.max(0, total - minAvailable - currentUnavailable);
  const stopOldUnavailable = Math.min(oldUnavailable, maxScaleDown);
  const availableAboveFloor = c.currentAvailable + c.oldAvailable - minAvailable;
  const stopOldAvailable = Math.max(0, Math.min(c.oldAvailable, availableAboveFloor, maxScaleDown - stopOldUnavailable));
  const stopCurrentSurplus = Math.max(0, c.currentLive - replicas);

  return { replicas, surge, unavailable, minAvailable, maxTotal, create, stopOldUnavailable, stopOldAvailable, stopCurrentSurplus };
}
