import type { RolloutSpec } from '@mosaic/api';
import { rolloutEvent, type RolloutEvent } from '../events/rollout-event.js';
import { AnalysisInconclusive, AnalysisMeasurementFailed, CommandIgnored, type RolloutReason } from '../events/reasons.js';
import { isoTime } from '../internal/time.js';
import { transitionBudget, type TransitionBudget } from '../split/int-or-percent.js';
import type { InstanceCount } from '../split/split-options.js';
import { orderNodes } from '../split/weighted-node-order.js';
import { describeStep, normalizeSteps, type CanaryStep } from '../steps/canary-step.js';
import { stepsHash } from '../steps/steps-hash.js';
import type { RevisionInstances, RolloutInput } from '../state/rollout-input.js';
import { DEFAULT_ROLLOUT_OPTIONS, type RolloutOptions } from '../state/rollout-options.js';
import type { RolloutState } from '../state/rollout-state.js';

/** One reconcile's inputs, normalised once, and what it collects on the way (events, timers). */
export interface RolloutContext {
  readonly input: RolloutInput;
  readonly spec: RolloutSpec;
  readonly now: number;
  /** `now` as RFC 3339. */
  readonly at: string;
  readonly steps: readonly CanaryStep[];
  readonly stepsHash: string;
  /** Instances to split: `input.replicas`, or the number of matching nodes for a probe. */
  readonly replicas: number;
  readonly budget: TransitionBudget;
  /** Probes: the matching nodes in rollout order (`orderNodes`). */
  readonly nodeOrder?: readonly string[];
  readonly options: Required<RolloutOptions>;
  /** Transitions recorded by this reconcile, oldest first. */
  readonly events: RolloutEvent[];
  /** Epoch ms of timed events the current state waits for (the earliest becomes requeueAfter). */
  readonly timers: number[];
}

export function createRolloutContext(input: RolloutInput): RolloutContext {
  const steps = input.spec.strategy === 'canary' ? normalizeSteps(input.spec.steps) : [];
  const nodeOrder = input.nodes ? orderNodes(input.nodes, input.spec.nodeOrderLabel) : undefined;
  const replicas = nodeOrder ? nodeOrder.length : Math.max(0, Math.floor(input.replicas));
  return {
    input,
    spec: input.spec,
    now: input.now,
    at: isoTime(input.now),
    steps,
    stepsHash: stepsHash(steps),
    replicas,
    budget: transitionBudget(replicas, input.spec.maxSurge, input.spec.maxUnavailable),
    ...(nodeOrder ? { nodeOrder } : {}),
    options: { ...DEFAULT_ROLLOUT_OPTIONS, ...definedOnly(input.options ?? {}) },
    events: [],
    timers: [],
  };
}

/** Reasons that report on a step without being its transition: they leave `state.message` alone. */
const NOISY: ReadonlySet<RolloutReason> = new Set<RolloutReason>([CommandIgnored, AnalysisMeasurementFailed, AnalysisInconclusive]);

/** Records a transition: an event, and (for real transitions) the state's message. */
export function emit(ctx: RolloutContext, s: RolloutState, reason: RolloutReason, message: string): void {
  ctx.events.push(rolloutEvent(reason, message, ctx.at, s.canaryRevision));
  if (!NOISY.has(reason)) s.message = message;
}

/** Counts of one role; `crashLooping` and `restarts` summed. */
export interface RoleCounts extends InstanceCount {
  crashLooping: number;
  restarts?: number;
}

export interface RolloutCounts {
  stable: RoleCounts;
  /** Zero while no rollout is in progress. */
  canary: RoleCounts;
  /** Revisions that are neither, oldest first, with instances. */
  oldRevisions: { revision: number; counts: RoleCounts }[];
  oldTotal: InstanceCount;
}

const ZERO: RoleCounts = { live: 0, available: 0, crashLooping: 0 };

/** The input's instance counts sorted into stable, canary and old for this state. */
export function countsFor(ctx: RolloutContext, s: RolloutState): RolloutCounts {
  const byRevision = new Map<number, RoleCounts>();
  for (const r of ctx.input.instances) byRevision.set(r.revision, add(byRevision.get(r.revision) ?? ZERO, r));
  const stable = byRevision.get(s.stableRevision) ?? ZERO;
  const canary = inProgress(s) ? byRevision.get(s.canaryRevision) ?? ZERO : ZERO;
  const oldRevisions = [...byRevision.entries()]
    .filter(([rev, c]) => rev !== s.stableRevision && rev !== s.canaryRevision && c.live > 0)
    .sort(([a], [b]) => a - b)
    .map(([revision, counts]) => ({ revision, counts }));
  const oldTotal = oldRevisions.reduce((t, o) => ({ live: t.live + o.counts.live, available: t.available + o.counts.available }), { live: 0, available: 0 });
  return { stable, canary, oldRevisions, oldTotal };
}

function add(a: RoleCounts, r: RevisionInstances): RoleCounts {
  const live = a.live + Math.max(0, r.live);
  const restarts = a.restarts === undefined && r.restarts === undefined ? undefined : (a.restarts ?? 0) + (r.restarts ?? 0);
  return {
    live,
    available: Math.min(live, a.available + Math.max(0, r.available)),
    crashLooping: a.crashLooping + Math.max(0, r.crashLooping ?? 0),
    ...(restarts !== undefined ? { restarts } : {}),
  };
}

/** A rollout is in progress while its revision is not (yet) the stable one — aborted included. */
export function inProgress(s: RolloutState): boolean {
  return s.canaryRevision !== s.stableRevision;
}

/** Moving or paused: steps may still advance (Degraded, Aborted and the idle phases do not). */
export function isActive(s: RolloutState): boolean {
  return s.phase === 'Progressing' || s.phase === 'Paused';
}

/** Active and not held by any pause: the progress deadline runs. */
export function isRunning(s: RolloutState): boolean {
  return isActive(s) && !s.pause && !s.operatorPause;
}

/** An active rollout is Paused exactly while a pause holds it. */
export function settlePhase(s: RolloutState): void {
  if (isActive(s)) s.phase = s.pause || s.operatorPause ? 'Paused' : 'Progressing';
}

/** The progress clock restarts (a step began, a pause ended): the deadline counts from now. */
export function resetProgress(ctx: RolloutContext, s: RolloutState): void {
  s.progress = { lastProgressAt: ctx.at, bestDistance: Number.MAX_SAFE_INTEGER };
}

/** `step 2/5 (pause 30s)`; for blue-green `preview` / `switched`; for rolling `rolling update`. */
export function stepLabel(ctx: RolloutContext, s: RolloutState, index = s.currentStepIndex): string {
  if (s.strategy === 'rolling') return 'rolling update';
  if (s.strategy === 'blueGreen') return index === 0 ? 'preview' : 'traffic switched';
  if (index >= ctx.steps.length) return `all ${ctx.steps.length} steps done`;
  return `step ${index + 1}/${ctx.steps.length} (${describeStep(ctx.steps[index])})`;
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
