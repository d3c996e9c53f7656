import { InvalidArgumentError, type RolloutStep } from '@mosaic/api';

/**
 * A canary step, as Argo Rollouts has it: exactly one kind per step. The spec's YAML shape
 * (`{ setWeight: 20 }`, `{ pause: { seconds: 30 } }`, `{ analysis: {...} }`) is normalised into
 * this discriminated union once, at the top of a reconcile, so the machine switches on `kind`.
 */
export type CanaryStep = SetWeightStep | PauseStep | AnalysisStep;

/** Give the new revision `weight`% of the workload (instances, invocations or nodes). */
export interface SetWeightStep {
  kind: 'setWeight';
  /** 0..100. */
  weight: number;
}

/** Hold the current weight: for `seconds`, or (no `seconds`) until an operator promotes. */
export interface PauseStep {
  kind: 'pause';
  seconds?: number;
}

/** What an analysis metric measures; see `evaluateMetric` for each kind's value and threshold. */
export type MetricKind = 'health' | 'restarts' | 'errorRate' | 'latencyP99' | 'attachSuccess';

export interface AnalysisMetric {
  name: string;
  kind: MetricKind;
  /** Optional in the spec; each kind has a default (see `METRIC_RULES`). */
  threshold?: number;
}

/**
 * Measure the canary `count` times, `intervalSeconds` apart (the first measurement at once);
 * more than `failureLimit` failed measurements fail the step.
 */
export interface AnalysisStep {
  kind: 'analysis';
  metrics: AnalysisMetric[];
  intervalSeconds: number;
  count: number;
  failureLimit: number;
}

/** Defaults of an analysis step, the same as the schema's (`rollout-schema.ts`). */
export const ANALYSIS_DEFAULTS = { intervalSeconds: 10, count: 3, failureLimit: 0 } as const;

/**
 * The spec's steps as the union. Validation has already made each step exactly one kind;
 * data that is not (a hand-written status, an old store) is rejected here rather than guessed.
 */
export function normalizeSteps(steps: readonly RolloutStep[] | undefined): CanaryStep[] {
  return (steps ?? []).map((step, i) => normalizeStep(step, i));
}

function normalizeStep(step: RolloutStep, index: number): CanaryStep {
  const kinds = (['setWeight', 'pause', 'analysis'] as const).filter((k) => step[k] !== undefined);
  const kind = kinds[0];
  if (kinds.length !== 1 || kind === undefined) {
    throw new InvalidArgumentError(
      `rollout step ${index + 1} needs exactly one of setWeight, pause, analysis (got ${kinds.length ? kinds.join(' and ') : 'none'})`,
    );
  }
  if (kind === 'setWeight') {
    const weight = step.setWeight ?? 0;
    if (!Number.isInteger(weight) || weight < 0 || weight > 100) {
      throw new InvalidArgumentError(`rollout step ${index + 1}: setWeight must be an integer from 0 to 100 (got ${weight})`);
    }
    return { kind, weight };
  }
  if (kind === 'pause') {
    const seconds = step.pause?.seconds;
    return seconds === undefined ? { kind } : { kind, seconds };
  }
  const a = step.analysis!;
  return {
    kind,
    metrics: a.metrics.map((m) => (m.threshold === undefined ? { name: m.name, kind: m.kind } : { name: m.name, kind: m.kind, threshold: m.threshold })),
    intervalSeconds: a.intervalSeconds ?? ANALYSIS_DEFAULTS.intervalSeconds,
    count: a.count ?? ANALYSIS_DEFAULTS.count,
    failureLimit: a.failureLimit ?? ANALYSIS_DEFAULTS.failureLimit,
  };
}

/** `setWeight 25`, `pause 30s`, `pause` (until promoted), `analysis (3 × 10s, failureLimit 0)`. */
export function describeStep(step: CanaryStep | undefined): string {
  if (!step) return 'promote to 100%';
  switch (step.kind) {
    case 'setWeight':
      return `setWeight ${step.weight}`;
    case 'pause':
      return step.seconds === undefined ? 'pause' : `pause ${step.seconds}s`;
    case 'analysis':
      return `analysis of ${step.metrics.map((m) => m.name).join(', ')} (${step.count} × ${step.intervalSeconds}s, failureLimit ${step.failureLimit})`;
  }
}
