/**
 * The function autoscaler's pure core (Knative's KPA in spirit, with BullMQ queue depth as the
 * metric): per-revision load in, desired instances per revision out. No I/O, no clock — `now` and
 * every count come in as plain data, so the same input always gives the same answer.
 *
 * Rules, in order, for a **routed** revision (one new invocations go to):
 * 1. **load**: `ceil((waiting + active) / concurrency)` instances — every queued or running
 *    invocation gets a slot. A cold revision (no instance) with waiting jobs gets ≥ 1 at once
 *    (**cold start**): the first invocation after scale-to-zero is served, not dropped.
 * 2. **retry due**: delayed jobs only (retries waiting for their back-off) keep ≥ 1 instance when
 *    the earliest is due within `idleSeconds` (or its time is unknown) — BullMQ only promotes a
 *    delayed job while some worker listens on the queue.
 * 3. **idle hold**: until `idleSeconds` pass without activity, the revision keeps what it has
 *    (`current`: the previous decision, else its live instances) — scale-down is lazy, scale-up eager.
 * 4. **min**: never fewer than `scale.min`; after the idle period that is where it goes (to zero
 *    when `min` is 0).
 * 5. **max**: routed revisions together never exceed `scale.max`; the largest gives way first,
 *    but no routed revision with queued or running work is taken below 1 (a canary with `max: 1`
 *    may briefly run 2).
 *
 * A revision that is **no longer routed** (an old revision after an update, the aborted canary)
 * drains with its own code: its load as above, at least 1 while its queue holds waiting, active or
 * delayed jobs, then 0. Draining revisions are outside the `max` budget.
 *
 * Worked examples (concurrency 10, min 0, max 5, idleSeconds 60):
 * - 0 waiting, 0 active, idle 2 min, 1 live              → 0 (scaled to zero)
 * - 1 waiting, 0 live (cold)                             → 1 (cold start)
 * - 35 waiting + 10 active, 1 live                       → ceil(45/10) = 5
 * - 120 waiting, 2 live                                  → 12 → capped to max 5
 * - 0 waiting, 0 active, last activity 10 s ago, 4 live  → 4 (idle hold)
 * - same, 70 s ago                                       → 0; with min 2 → 2
 * - 0 waiting, 3 delayed (retry in 5 s), 0 live          → 1 (retry due)
 * - old revision 1 not routed, 7 active                  → 1 (draining); queue empty → 0
 * - canary 1 (stable, 30 waiting) + 2 (canary, 30 waiting), max 5 → 3 + 3 = 6 > 5 → 2 + 3
 *   (the larger of equals is the lower revision number, which gives way first)
 */

/** What the autoscaler sampled of one revision's queue and instances. */
export interface RevisionLoad {
  revision: number;
  /** Jobs waiting to run (prioritized ones included). */
  waiting: number;
  /** Retries waiting for their back-off (and delayed jobs). */
  delayed: number;
  /** Jobs running on some instance. */
  active: number;
  /** When the earliest delayed job is due (ms since the epoch); unknown → treated as due now. */
  nextDelayedAt?: number;
  /** Live (not stopping) instances of this revision. */
  liveInstances: number;
  /** Of those, the ones Running. */
  readyInstances: number;
  /** The last moment (ms) the queue showed work or finished some; undefined → never. */
  lastActivityAt?: number;
}

/** The scaling section of a function spec. */
export interface FunctionScaleSpec {
  concurrency: number;
  scale: { min: number; max: number; idleSeconds: number };
}

export interface FunctionScaleInput {
  /** Every revision that has a queue with jobs, live instances or a previous decision. */
  revisions: readonly RevisionLoad[];
  /** Revisions new invocations go to: the current one, or stable + canary during a rollout. */
  routed: readonly number[];
  spec: FunctionScaleSpec;
  /** The previous decision per revision (in memory in the autoscaler). */
  previous?: ReadonlyMap<number, number>;
  /** ms since the epoch. */
  now: number;
}

/** Why a revision got its count (logged; asserted by specs). */
export type ScaleReason =
  | 'load' //          queued + running invocations need this many
  | 'cold-start' //    routed, no instance, invocations waiting
  | 'retry-due' //     only delayed retries, the earliest due soon
  | 'idle-hold' //     kept until idleSeconds pass without activity
  | 'min' //           held at scale.min
  | 'scaled-to-zero' // idle (or nothing) and min 0
  | 'capped' //        reduced to fit scale.max
  | 'draining' //      not routed, its queue still holds jobs
  | 'drained'; //      not routed, queue empty

export interface RevisionScale {
  revision: number;
  desired: number;
  reason: ScaleReason;
}

/** Desired instances per revision, sorted by revision; revisions wanting 0 are included. */
export function scaleFunction(input: FunctionScaleInput): RevisionScale[] {
  const { spec, now } = input;
  const concurrency = Math.max(1, spec.concurrency);
  const { min, max, idleSeconds } = spec.scale;
  const idleMs = idleSeconds * 1000;
  const routed = new Set(input.routed);
  const byRevision = new Map(input.revisions.map((r) => [r.revision, r]));
  for (const revision of routed) if (!byRevision.has(revision)) byRevision.set(revision, emptyLoad(revision));

  const out: RevisionScale[] = [];
  for (const r of [...byRevision.values()].sort((a, b) => a.revision - b.revision)) {
    const load = Math.ceil((r.waiting + r.active) / concurrency);
    const retryDue = r.delayed > 0 && (r.nextDelayedAt === undefined || r.nextDelayedAt - now <= idleMs);
    if (!routed.has(r.revision)) {
      const pending = r.waiting + r.active + r.delayed > 0;
      out.push(pending
        ? { revision: r.revision, desired: Math.min(Math.max(load, 1), Math.max(max, 1)), reason: 'draining' }
        : { revision: r.revision, desired: 0, reason: 'drained' });
      continue;
    }
    const current = input.previous?.get(r.revision) ?? r.liveInstances;
    const idle = r.lastActivityAt === undefined || now - r.lastActivityAt >= idleMs;
    let desired = load;
    let reason: ScaleReason = load > 0 && r.readyInstances === 0 && r.liveInstances === 0 ? 'cold-start' : 'load';
    if (desired === 0 && retryDue) { desired = 1; reason = 'retry-due'; }
    if (!idle && current > desired) { desired = current; reason = 'idle-hold'; }
    if (desired < min) { desired = min; reason = 'min'; }
    if (desired === 0) reason = 'scaled-to-zero';
    out.push({ revision: r.revision, desired, reason });
  }
  return capRouted(out, routed, byRevision, max);
}

function emptyLoad(revision: number): RevisionLoad {
  return { revision, waiting: 0, delayed: 0, active: 0, liveInstances: 0, readyInstances: 0 };
}

/** Takes routed revisions down to `max` together, the largest first (lower revision on ties). */
function capRouted(out: RevisionScale[], routed: ReadonlySet<number>, loads: ReadonlyMap<number, RevisionLoad>, max: number): RevisionScale[] {
  const candidates = out.filter((s) => routed.has(s.revision));
  let total = candidates.reduce((sum, s) => sum + s.desired, 0);
  const floor = (s: RevisionScale) => {
    const l = loads.get(s.revision)!;
    return l.waiting + l.active > 0 ? 1 : 0;
  };
  while (total > max) {
    let pick: RevisionScale | undefined;
    for (const s of candidates) {
      if (s.desired <= floor(s)) continue;
      if (!pick || s.desired > pick.desired) pick = s;
    }
    if (!pick) break;
    pick.desired--;
    pick.reason = 'capped';
    total--;
  }
  return out;
}

/** The sum of desired instances (what `READY x/y` shows as y). */
export function totalDesired(scales: readonly RevisionScale[]): number {
  return scales.reduce((sum, s) => sum + s.desired, 0);
}
