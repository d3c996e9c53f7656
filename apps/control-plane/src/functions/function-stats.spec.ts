import { strict as assert } from 'node:assert';
import { FunctionStats, percentile } from './function-stats.js';

describe('percentile (nearest rank)', () => {
  const cases = [
    { name: 'empty', values: [], p: 0.99, want: 0 },
    { name: 'one value', values: [7], p: 0.99, want: 7 },
    { name: '100 values: p99 is the 99th', values: Array.from({ length: 100 }, (_, i) => i + 1), p: 0.99, want: 99 },
    { name: '10 values: p99 is the max', values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], p: 0.99, want: 10 },
    { name: 'p50 of 4', values: [1, 2, 3, 4], p: 0.5, want: 2 },
  ];
  for (const tc of cases) it(tc.name, () => assert.equal(percentile(tc.values, tc.p), tc.want));
});

describe('FunctionStats', () => {
  it('counts invocations, errors and p99 per revision within the window', () => {
    let now = 1_000_000;
    const stats = new FunctionStats({ windowMs: 10_000, now: () => now });
    for (let i = 1; i <= 100; i++) stats.record('ns', 'fn', 1, { ok: true, durationMs: i });
    stats.record('ns', 'fn', 1, { ok: false });
    stats.record('ns', 'fn', 2, { ok: false });
    assert.deepEqual(stats.stats('ns', 'fn', 1), { invocations: 101, errors: 1, errorRate: 1 / 101, latencyP99Ms: 99 });
    assert.deepEqual(stats.stats('ns', 'fn', 2), { invocations: 1, errors: 1, errorRate: 1, latencyP99Ms: 0 });
    assert.deepEqual(stats.stats('ns', 'other', 1), { invocations: 0, errors: 0, errorRate: 0, latencyP99Ms: 0 });
    now += 5_000;
    stats.record('ns', 'fn', 1, { ok: true, durationMs: 500 });
    now += 6_000; // the first 101 fall out of the window
    assert.deepEqual(stats.stats('ns', 'fn', 1), { invocations: 1, errors: 0, errorRate: 0, latencyP99Ms: 500 });
    now += 10_000;
    assert.equal(stats.stats('ns', 'fn', 1).invocations, 0);
  });

  it('keeps at most maxSamples per revision', () => {
    const stats = new FunctionStats({ maxSamples: 10 });
    for (let i = 0; i < 25; i++) stats.record('ns', 'fn', 1, { ok: i < 20 });
    assert.deepEqual(stats.stats('ns', 'fn', 1).errors, 5);
    assert.equal(stats.stats('ns', 'fn', 1).invocations, 10);
  });
});
