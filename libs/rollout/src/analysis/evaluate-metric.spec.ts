import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import type { AnalysisMetric } from '../steps/canary-step.js';
import { evaluateMetric, measurementOutcome } from './evaluate-metric.js';

describe('evaluateMetric', () => {
  const cases: { metric: AnalysisMetric; value: number | undefined; want: string }[] = [
    { metric: { name: 'ready', kind: 'health' }, value: 1, want: 'Successful ≥1' },
    { metric: { name: 'ready', kind: 'health' }, value: 0.75, want: 'Failed ≥1' },
    { metric: { name: 'ready', kind: 'health', threshold: 0.75 }, value: 0.75, want: 'Successful ≥0.75' },
    { metric: { name: 'restarts', kind: 'restarts' }, value: 0, want: 'Successful ≤0' },
    { metric: { name: 'restarts', kind: 'restarts' }, value: 1, want: 'Failed ≤0' },
    { metric: { name: 'restarts', kind: 'restarts', threshold: 2 }, value: 2, want: 'Successful ≤2' },
    { metric: { name: 'errors', kind: 'errorRate' }, value: 0.01, want: 'Successful ≤0.01' },
    { metric: { name: 'errors', kind: 'errorRate' }, value: 0.011, want: 'Failed ≤0.01' },
    { metric: { name: 'errors', kind: 'errorRate', threshold: 0.05 }, value: 0.04, want: 'Successful ≤0.05' },
    { metric: { name: 'p99', kind: 'latencyP99', threshold: 250 }, value: 251, want: 'Failed ≤250' },
    { metric: { name: 'p99', kind: 'latencyP99', threshold: 250 }, value: 120, want: 'Successful ≤250' },
    { metric: { name: 'p99', kind: 'latencyP99' }, value: 99999, want: 'Successful (recorded only)' },
    { metric: { name: 'attach', kind: 'attachSuccess' }, value: 1, want: 'Successful ≥1' },
    { metric: { name: 'attach', kind: 'attachSuccess' }, value: 0.5, want: 'Failed ≥1' },
    { metric: { name: 'errors', kind: 'errorRate' }, value: undefined, want: 'Inconclusive ≤0.01' },
    { metric: { name: 'errors', kind: 'errorRate' }, value: Number.NaN, want: 'Inconclusive ≤0.01' },
  ];
  for (const tc of cases) {
    it(`${tc.metric.kind}${tc.metric.threshold !== undefined ? ` (threshold ${tc.metric.threshold})` : ''} = ${tc.value} → ${tc.want}`, () => {
      const r = evaluateMetric(tc.metric, tc.value);
      const dir = tc.metric.kind === 'health' || tc.metric.kind === 'attachSuccess' ? '≥' : '≤';
      assert.equal(`${r.outcome} ${r.threshold === undefined ? '(recorded only)' : dir + r.threshold}`, tc.want);
    });
  }

  it('a measurement fails if any metric fails, else is inconclusive if any is', () => {
    const r = (outcome: 'Successful' | 'Failed' | 'Inconclusive') => ({ name: 'm', kind: 'health' as const, outcome });
    assert.equal(measurementOutcome([r('Successful'), r('Inconclusive'), r('Failed')]), 'Failed');
    assert.equal(measurementOutcome([r('Successful'), r('Inconclusive')]), 'Inconclusive');
    assert.equal(measurementOutcome([r('Successful'), r('Successful')]), 'Successful');
  });
});
