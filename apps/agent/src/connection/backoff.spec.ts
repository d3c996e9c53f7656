import assert from 'node:assert/strict';
import { Backoff } from './backoff.js';

describe('Backoff', () => {
  it('doubles from the initial delay up to the maximum, and starts over after reset', () => {
    const b = new Backoff(100, 1000, 0);
    assert.deepEqual([1, 2, 3, 4, 5, 6].map(() => b.next()), [100, 200, 400, 800, 1000, 1000]);
    b.reset();
    assert.equal(b.next(), 100);
  });

  const cases = [
    { random: 0, want: 80 },
    { random: 0.5, want: 100 },
    { random: 1, want: 120 },
  ];
  for (const tc of cases) {
    it(`jitter moves a delay by up to ±20% (random ${tc.random})`, () => assert.equal(new Backoff(100, 1000, 0.2, () => tc.random).next(), tc.want));
  }
});
