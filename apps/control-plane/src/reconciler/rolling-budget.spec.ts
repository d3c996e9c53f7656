import assert from 'node:assert/strict';
import { resolveIntOrPercent, rollingBudget, type RollingBudget, type RollingCounts } from './rolling-budget.js';

describe('resolveIntOrPercent', () => {
  const cases: [value: string, total: number, up: boolean, want: number][] = [
    ['0', 10, true, 0],
    ['2', 10, true, 2],
    ['2', 10, false, 2],
    ['25%', 3, true, 1],
    ['25%', 3, false, 0],
    ['25%', 10, true, 3],
    ['25%', 10, false, 2],
    ['50%', 4, false, 2],
    ['100%', 5, true, 5],
    ['0%', 5, true, 0],
    ['33%', 0, true, 0],
    ['7', 0, true, 7],
    ['bogus', 5, true, 0],
  ];
  for (const [value, total, up, want] of cases) {
    it(`${value} of ${total} rounded ${up ? 'up' : 'down'} is ${want}`, () => assert.equal(resolveIntOrPercent(value, total, up), want));
  }
});

type Want = Partial<RollingBudget>;
const counts = (c: Partial<RollingCounts>): RollingCounts => ({
  replicas: 3, maxSurge: '25%', maxUnavailable: '0', currentLive: 0, currentAvailable: 0, oldLive: 0, oldAvailable: 0, ...c,
});

describe('rollingBudget', () => {
  const cases: { name: string; in: Partial<RollingCounts>; want: Want }[] = [
    // Fresh workloads and scaling (no old revision).
    { name: 'fresh workload: create every replica', in: {}, want: { create: 3, stopOldAvailable: 0, minAvailable: 3, maxTotal: 4 } },
    { name: 'fresh workload with surge 0 still creates every replica', in: { maxSurge: '0', maxUnavailable: '1' }, want: { create: 3 } },
    { name: 'steady state: nothing to do', in: { currentLive: 3, currentAvailable: 3 }, want: { create: 0, stopOldUnavailable: 0, stopOldAvailable: 0, stopCurrentSurplus: 0 } },
    { name: 'steady state while starting: nothing to do', in: { currentLive: 3, currentAvailable: 0 }, want: { create: 0, stopCurrentSurplus: 0 } },
    { name: 'scale up 3 → 5 creates 2', in: { replicas: 5, currentLive: 3, currentAvailable: 3 }, want: { create: 2 } },
    { name: 'scale down 5 → 3 stops 2 current', in: { currentLive: 5, currentAvailable: 5 }, want: { create: 0, stopCurrentSurplus: 2 } },
    { name: 'scale to zero stops all', in: { replicas: 0, currentLive: 2, currentAvailable: 2 }, want: { stopCurrentSurplus: 2, minAvailable: 0, maxTotal: 0 } },
    { name: 'replicas 0 with nothing running: nothing', in: { replicas: 0 }, want: { create: 0, unavailable: 0, surge: 0 } },
    { name: 'a lost replica is replaced', in: { currentLive: 2, currentAvailable: 2 }, want: { create: 1 } },

    // Default strategy: maxSurge 25% (→ 1 of 3), maxUnavailable 0.
    { name: 'defaults, step 1: surge one new', in: { oldLive: 3, oldAvailable: 3 }, want: { surge: 1, unavailable: 0, create: 1, stopOldAvailable: 0 } },
    { name: 'defaults, step 2: new one starting, wait', in: { currentLive: 1, oldLive: 3, oldAvailable: 3 }, want: { create: 0, stopOldAvailable: 0, stopOldUnavailable: 0 } },
    { name: 'defaults, step 3: new one available, stop one old', in: { currentLive: 1, currentAvailable: 1, oldLive: 3, oldAvailable: 3 }, want: { create: 0, stopOldAvailable: 1 } },
    { name: 'defaults, step 4: old one stopping, surge the next', in: { currentLive: 1, currentAvailable: 1, oldLive: 2, oldAvailable: 2 }, want: { create: 1, stopOldAvailable: 0 } },
    { name: 'defaults, step 5: two new available, stop one more old', in: { currentLive: 2, currentAvailable: 2, oldLive: 2, oldAvailable: 2 }, want: { create: 0, stopOldAvailable: 1 } },
    { name: 'defaults, last step: three new available, stop the last old', in: { currentLive: 3, currentAvailable: 3, oldLive: 1, oldAvailable: 1 }, want: { create: 0, stopOldAvailable: 1 } },
    { name: 'defaults: crash-looping new revision stalls with all old serving', in: { currentLive: 1, currentAvailable: 0, oldLive: 3, oldAvailable: 3 }, want: { create: 0, stopOldAvailable: 0, stopOldUnavailable: 0 } },
    { name: 'defaults: broken old ones are not stopped before a new one serves', in: { oldLive: 3, oldAvailable: 1 }, want: { create: 1, stopOldUnavailable: 0 } },
    { name: 'defaults: a broken old one goes first once a new one serves', in: { currentLive: 1, currentAvailable: 1, oldLive: 3, oldAvailable: 1 }, want: { stopOldUnavailable: 1, stopOldAvailable: 0 } },

    // maxUnavailable > 0.
    { name: 'surge 0, unavailable 1, replicas 4: stop one old first', in: { replicas: 4, maxSurge: '0', maxUnavailable: '1', oldLive: 4, oldAvailable: 4 }, want: { create: 0, stopOldAvailable: 1, minAvailable: 3, maxTotal: 4 } },
    { name: 'surge 0, unavailable 1, replicas 4: then create into the gap', in: { replicas: 4, maxSurge: '0', maxUnavailable: '1', oldLive: 3, oldAvailable: 3 }, want: { create: 1, stopOldAvailable: 0 } },
    { name: 'surge 0, unavailable 1, replicas 4: wait while the new one starts', in: { replicas: 4, maxSurge: '0', maxUnavailable: '1', currentLive: 1, oldLive: 3, oldAvailable: 3 }, want: { create: 0, stopOldAvailable: 0 } },
    { name: 'surge 1, unavailable 1: create and stop in the same round', in: { replicas: 4, maxSurge: '1', maxUnavailable: '1', oldLive: 4, oldAvailable: 4 }, want: { create: 1, stopOldAvailable: 1 } },
    { name: 'unavailable 50% of 4: two old stopped at once', in: { replicas: 4, maxSurge: '0', maxUnavailable: '50%', oldLive: 4, oldAvailable: 4 }, want: { unavailable: 2, stopOldAvailable: 2 } },
    { name: 'unavailable 100%: every old one goes at once', in: { maxSurge: '0', maxUnavailable: '100%', oldLive: 3, oldAvailable: 3 }, want: { stopOldAvailable: 3, create: 0, minAvailable: 0 } },
    { name: 'unavailable greater than replicas is capped', in: { maxSurge: '0', maxUnavailable: '10', oldLive: 3, oldAvailable: 3 }, want: { unavailable: 3, minAvailable: 0 } },

    // Surge variants.
    { name: 'surge 100%: the whole new set at once', in: { maxSurge: '100%', oldLive: 3, oldAvailable: 3 }, want: { surge: 3, create: 3, stopOldAvailable: 0 } },
    { name: 'surge 100%: old ones go as new ones serve', in: { maxSurge: '100%', currentLive: 3, currentAvailable: 2, oldLive: 3, oldAvailable: 3 }, want: { create: 0, stopOldAvailable: 2 } },
    { name: 'surge 2 of 10 (25% rounds up to 3)', in: { replicas: 10, oldLive: 10, oldAvailable: 10 }, want: { surge: 3, create: 3 } },
    { name: 'both zero: unavailable becomes 1 so the rollout can start', in: { maxSurge: '0', maxUnavailable: '0', oldLive: 3, oldAvailable: 3 }, want: { unavailable: 1, minAvailable: 2, stopOldAvailable: 1, create: 0 } },
    { name: 'both 25% of 3 resolve to surge 1, unavailable 0', in: { maxUnavailable: '25%', oldLive: 3, oldAvailable: 3 }, want: { surge: 1, unavailable: 0, create: 1 } },

    // Scaling during a rollout.
    { name: 'scale down during a rollout: surplus old ones above the floor go', in: { replicas: 2, oldLive: 5, oldAvailable: 5 }, want: { create: 0, stopOldAvailable: 3 } },
    { name: 'scale up during a rollout: new ones fill the room', in: { replicas: 6, maxSurge: '1', currentLive: 2, currentAvailable: 2, oldLive: 2, oldAvailable: 2 }, want: { create: 3 } },
    { name: 'old ones never drop availability below the floor', in: { currentLive: 2, currentAvailable: 1, oldLive: 2, oldAvailable: 2 }, want: { stopOldAvailable: 0 } },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const got = rollingBudget(counts(tc.in));
      const picked = Object.fromEntries(Object.keys(tc.want).map((k) => [k, got[k as keyof RollingBudget]]));
      assert.deepEqual(picked, tc.want);
    });
  }

  it('never exceeds maxTotal or drops below minAvailable when its decisions are applied', () => {
    // Exhaustive over small inputs: applying create and the stops never breaks the two bounds
    // unless they were already broken (instances died) — the invariant the e2e rollout test samples.
    for (const replicas of [1, 2, 3, 4, 5])
      for (const maxSurge of ['0', '1', '25%', '100%'])
        for (const maxUnavailable of ['0', '1', '50%'])
          for (let cl = 0; cl <= replicas + 1; cl++)
            for (let ca = 0; ca <= cl; ca++)
              for (let ol = 0; ol <= replicas; ol++)
                for (let oa = 0; oa <= ol; oa++) {
                  const b = rollingBudget({ replicas, maxSurge, maxUnavailable, currentLive: cl, currentAvailable: ca, oldLive: ol, oldAvailable: oa });
                  const label = JSON.stringify({ replicas, maxSurge, maxUnavailable, cl, ca, ol, oa, b });
                  const totalAfter = cl + ol + b.create - b.stopOldAvailable - b.stopOldUnavailable - b.stopCurrentSurplus;
                  if (cl + ol <= b.maxTotal) assert.ok(totalAfter <= b.maxTotal, `total above maxTotal: ${label}`);
                  const availableAfter = ca + oa - b.stopOldAvailable;
                  if (ca + oa >= b.minAvailable && cl <= replicas) assert.ok(availableAfter >= b.minAvailable, `availability below the floor: ${label}`);
                  assert.ok(b.stopOldAvailable <= oa && b.stopOldUnavailable <= ol - oa, `stops more than exist: ${label}`);
                }
  });
});
