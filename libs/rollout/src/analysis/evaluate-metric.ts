import type { AnalysisMetric, MetricKind } from '../steps/canary-step.js';
import type { MeasurementOutcome, MetricResult } from '../state/rollout-state.js';

/** How a kind's value compares with its threshold, and the threshold when the spec has none. */
export interface MetricRule {
  /** `atLeast`: passes when value ≥ threshold. `atMost`: passes when value ≤ threshold. */
  pass: 'atLeast' | 'atMost';
  /** Absent: without a threshold in the spec the metric is recorded and never fails. */
  defaultThreshold?: number;
  unit: string;
}

/**
 * - `health`: share of the canary's wanted instances that are available, 0..1 (default ≥ 1: all).
 * - `restarts`: restarts of the canary's instances since they started (default ≤ 0).
 * - `errorRate`: failed / all invocations of the canary, 0..1 (default ≤ 0.01).
 * - `latencyP99`: 99th-percentile latency in milliseconds (no default: set a threshold).
 * - `attachSuccess`: share of the canary's probe loads that attached, 0..1 (default ≥ 1).
 */
export const METRIC_RULES: Readonly<Record<MetricKind, MetricRule>> = {
  health: { pass: 'atLeast', defaultThreshold: 1, unit: 'ratio' },
  restarts: { pass: 'atMost', defaultThreshold: 0, unit: 'restarts' },
  errorRate: { pass: 'atMost', defaultThreshold: 0.01, unit: 'ratio' },
  latencyP99: { pass: 'atMost', unit: 'ms' },
  attachSuccess: { pass: 'atLeast', defaultThreshold: 1, unit: 'ratio' },
};

/** One metric against its threshold; a missing (or non-finite) value is `Inconclusive`. */
export function evaluateMetric(metric: AnalysisMetric, value: number | undefined): MetricResult {
  const rule = METRIC_RULES[metric.kind];
  const threshold = metric.threshold ?? rule.defaultThreshold;
  const base = { name: metric.name, kind: metric.kind, ...(threshold !== undefined ? { threshold } : {}) };
  if (value === undefined || !Number.isFinite(value)) return { ...base, outcome: 'Inconclusive' };
  const ok = threshold === undefined || (rule.pass === 'atLeast' ? value >= threshold : value <= threshold);
  return { ...base, value, outcome: ok ? 'Successful' : 'Failed' };
}

/** A measurement fails if any metric fails; otherwise it is inconclusive if any metric is. */
export function measurementOutcome(results: readonly MetricResult[]): MeasurementOutcome {
  if (results.some((r) => r.outcome === 'Failed')) return 'Failed';
  if (results.some((r) => r.outcome === 'Inconclusive')) return 'Inconclusive';
  return 'Successful';
}

/** `health 0.5 < 1`, `errorRate 0.002 ≤ 0.01`, `errorRate: no value`. For messages. */
export function describeResult(r: MetricResult): string {
  if (r.value === undefined) return `${r.name}: no value`;
  if (r.threshold === undefined) return `${r.name} ${round(r.value)}`;
  const rule = METRIC_RULES[r.kind];
  const ok = r.outcome === 'Successful';
  const op = rule.pass === 'atLeast' ? (ok ? '≥' : '<') : ok ? '≤' : '>';
  return `${r.name} ${round(r.value)} ${op} ${r.threshold}`;
}

function round(v: number): string {
  return String(Math.round(v * 1000) / 1000);
}
