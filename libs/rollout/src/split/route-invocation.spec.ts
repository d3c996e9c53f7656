import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { invocationPoint, routeInvocation } from './route-invocation.js';

/** Keys as a function queue would see them: sequential ids. */
const keys = (n: number, prefix = 'inv-') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

function canaryShare(weight: number, list: string[], salt?: string): number {
  return list.filter((k) => routeInvocation(weight, k, salt) === 'canary').length;
}

describe('routeInvocation', () => {
  it('2,000 invocations at 20% → about 400 on the canary (binomial, within 3σ)', () => {
    const n = 2000;
    const p = 0.2;
    const sigma = Math.sqrt(n * p * (1 - p)); // ≈ 17.9
    const got = canaryShare(20, keys(n));
    assert.ok(Math.abs(got - n * p) <= 3 * sigma, `${got} of ${n}`);
  });

  const cases: { name: string; weight: number; keys: string[]; salt?: string }[] = [
    { name: '5% of 5,000 uuid-like keys', weight: 5, keys: keys(5000, '4f1c2a9e-') },
    { name: '50% of 3,000 sequential ids', weight: 50, keys: keys(3000) },
    { name: '80% of 2,000 ids, salted by revision', weight: 80, keys: keys(2000), salt: '7' },
    { name: '33% of 4,000 numeric keys', weight: 33, keys: Array.from({ length: 4000 }, (_, i) => String(i * 7919)) },
    { name: '1% of 10,000 ids', weight: 1, keys: keys(10000, 'order/') },
  ];
  for (const tc of cases) {
    it(`${tc.name} stays within 3σ of the weight`, () => {
      const n = tc.keys.length;
      const p = tc.weight / 100;
      const got = canaryShare(tc.weight, tc.keys, tc.salt);
      assert.ok(Math.abs(got - n * p) <= 3 * Math.sqrt(n * p * (1 - p)), `${got} of ${n} at ${tc.weight}%`);
    });
  }

  it('is uniform: 20 buckets of 20,000 points pass a χ² test', () => {
    const buckets = new Array<number>(20).fill(0);
    for (const k of keys(20000)) buckets[Math.floor(invocationPoint(k) * 20)]!++;
    const expected = 1000;
    const chi2 = buckets.reduce((sum, o) => sum + (o - expected) ** 2 / expected, 0);
    assert.ok(chi2 < 43.8, `χ² = ${chi2.toFixed(1)} (19 degrees of freedom, p = 0.001 critical value 43.8)`);
  });

  it('sends every retry of one invocation to the same revision', () => {
    for (const k of keys(200)) {
      const first = routeInvocation(37, k);
      for (let retry = 0; retry < 3; retry++) assert.equal(routeInvocation(37, k), first);
    }
  });

  it('0% and 100% are exact', () => {
    assert.equal(canaryShare(0, keys(1000)), 0);
    assert.equal(canaryShare(100, keys(1000)), 1000);
  });

  it('raising the weight keeps every canary key on the canary', () => {
    for (const k of keys(500)) {
      let onCanary = false;
      for (let w = 0; w <= 100; w += 5) {
        const now = routeInvocation(w, k) === 'canary';
        assert.ok(now || !onCanary, `${k} left the canary at ${w}%`);
        onCanary = now;
      }
    }
  });

  it('a salt picks a different set of keys', () => {
    const list = keys(2000);
    const a = new Set(list.filter((k) => routeInvocation(20, k, '2') === 'canary'));
    const b = list.filter((k) => routeInvocation(20, k, '3') === 'canary');
    const overlap = b.filter((k) => a.has(k)).length;
    // independent 20% samples overlap in about 4% of keys (80), far from all 400
    assert.ok(overlap < 140, `overlap ${overlap}`);
  });
});
