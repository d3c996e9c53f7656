import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { resolveIntOrPercent, transitionBudget } from './int-or-percent.js';

describe('resolveIntOrPercent', () => {
  const cases: [string | number | undefined, number, boolean, number][] = [
    ['2', 10, true, 2],
    [2, 10, false, 2],
    ['25%', 10, true, 3],
    ['25%', 10, false, 2],
    ['25%', 3, true, 1],
    ['25%', 3, false, 0],
    ['100%', 7, false, 7],
    ['0%', 7, true, 0],
    [' 3 ', 7, true, 3],
    ['abc', 7, true, 0],
    ['-1', 7, true, 0],
    [-1, 7, true, 0],
    [undefined, 7, true, 0],
  ];
  for (const [value, total, up, want] of cases) {
    it(`${JSON.stringify(value)} of ${total} rounded ${up ? 'up' : 'down'} → ${want}`, () => {
      assert.equal(resolveIntOrPercent(value, total, up), want);
    });
  }
});

describe('transitionBudget', () => {
  const cases: [number, string, string, { surge: number; unavailable: number; minAvailable: number }][] = [
    [4, '25%', '0', { surge: 1, unavailable: 0, minAvailable: 4 }],
    [3, '25%', '25%', { surge: 1, unavailable: 0, minAvailable: 3 }],
    [4, '0', '0', { surge: 0, unavailable: 1, minAvailable: 3 }], // both 0: nothing could ever move
    [4, '0', '1', { surge: 0, unavailable: 1, minAvailable: 3 }],
    [4, '1', '9', { surge: 1, unavailable: 4, minAvailable: 0 }], // unavailable capped at replicas
    [0, '0', '0', { surge: 0, unavailable: 0, minAvailable: 0 }],
  ];
  for (const [replicas, surge, unavailable, want] of cases) {
    it(`replicas ${replicas}, maxSurge ${surge}, maxUnavailable ${unavailable}`, () => {
      assert.deepEqual(transitionBudget(replicas, surge, unavailable), want);
    });
  }
});
