import { strict as assert } from 'node:assert';
import { backoffDelay, formatDuration } from './backoff.js';

describe('backoffDelay', () => {
  const defaults = { initialMs: 1000, factor: 2, maxMs: 300_000, resetAfterMs: 600_000 };
  const cases: [n: number, want: number][] = [
    [0, 1000], [1, 1000], [2, 2000], [3, 4000], [9, 256_000], [10, 300_000], [50, 300_000], [100_000, 300_000],
  ];
  for (const [n, want] of cases) it(`failure ${n} → ${want} ms`, () => assert.equal(backoffDelay(n, defaults), want));

  it('follows custom settings', () => {
    assert.deepEqual([1, 2, 3, 4].map((n) => backoffDelay(n, { ...defaults, initialMs: 50, factor: 3, maxMs: 1000 })), [50, 150, 450, 1000]);
  });
});

describe('formatDuration', () => {
  const cases: [number, string][] = [[850, '850ms'], [4000, '4s'], [150_000, '2m30s'], [300_000, '5m']];
  for (const [ms, want] of cases) it(`${ms} → ${want}`, () => assert.equal(formatDuration(ms), want));
});
