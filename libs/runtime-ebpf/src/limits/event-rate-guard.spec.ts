import { strict as assert } from 'node:assert';
import { EventRateGuard } from './event-rate-guard.js';

describe('EventRateGuard', () => {
  const cases: { name: string; max: number; grace: number; seconds: number[]; exceededAfter: number | undefined }[] = [
    { name: 'within the limit', max: 100, grace: 2, seconds: [100, 50, 99, 0], exceededAfter: undefined },
    { name: 'one burst passes', max: 100, grace: 2, seconds: [500, 10, 500, 10], exceededAfter: undefined },
    { name: 'sustained over the limit', max: 100, grace: 2, seconds: [150, 80, 150, 150, 10], exceededAfter: 3 },
    { name: 'grace 1 trips at once', max: 10, grace: 1, seconds: [5, 11], exceededAfter: 1 },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const guard = new EventRateGuard({ maxPerSecond: tc.max, graceSeconds: tc.grace });
      let tripped: number | undefined;
      tc.seconds.forEach((count, s) => {
        // spread the second's events over it, then look at the next second's start
        guard.observe(count, s * 1000 + 500);
        if (guard.observe(0, (s + 1) * 1000).exceeded && tripped === undefined) tripped = s;
      });
      assert.equal(tripped, tc.exceededAfter);
    });
  }

  it('a silent gap clears the strikes', () => {
    const guard = new EventRateGuard({ maxPerSecond: 1, graceSeconds: 2 });
    guard.observe(5, 0);
    assert.equal(guard.observe(0, 5000).strikes, 0);
    guard.observe(5, 5100);
    assert.equal(guard.observe(0, 6000).strikes, 1);
  });
});
