import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { transitionBudget } from './int-or-percent.js';
import type { InstanceCount } from './split-options.js';
import { splitReplicas } from './split-replicas.js';

const c = (live: number, available = live): InstanceCount => ({ live, available });

describe('splitReplicas: end state for a weight', () => {
  // [replicas, weight, canary, stable]
  const cases: [number, number, number, number][] = [
    [0, 50, 0, 0],
    [1, 0, 0, 1],
    [1, 1, 1, 1], // 0 < w < 100 with one replica: one of each
    [1, 50, 1, 1],
    [1, 99, 1, 1],
    [1, 100, 1, 0],
    [3, 1, 1, 3], // 1% of 3 is one canary, never 0
    [3, 25, 1, 3],
    [3, 33, 1, 3],
    [3, 34, 2, 2],
    [3, 50, 2, 2],
    [3, 66, 2, 2],
    [3, 67, 3, 1],
    [4, 25, 1, 3],
    [4, 50, 2, 2],
    [4, 75, 3, 1],
    [5, 20, 1, 4],
    [7, 30, 3, 5],
    [10, 5, 1, 10],
    [10, 10, 1, 9],
    [10, 95, 10, 1],
    [10, 100, 10, 0],
    [100, 1, 1, 99],
    [3, -5, 0, 3], // clamped
    [3, 150, 3, 0],
  ];
  for (const [replicas, weight, canary, stable] of cases) {
    it(`${weight}% of ${replicas} → ${canary} canary + ${stable} stable`, () => {
      const split = splitReplicas(replicas, weight);
      assert.deepEqual([split.desiredCanary, split.desiredStable, split.canary, split.stable], [canary, stable, canary, stable]);
    });
  }

  it('the canary never exceeds replicas, and both sides exist while 0 < w < 100', () => {
    for (let r = 0; r <= 20; r++) {
      for (let w = 0; w <= 100; w++) {
        const s = splitReplicas(r, w);
        assert.ok(s.desiredCanary <= r && s.desiredStable <= r, `${w}% of ${r}`);
        assert.ok(s.desiredCanary + s.desiredStable <= r + 1, `${w}% of ${r}: at most one extra replica`);
        if (r > 0 && w > 0 && w < 100) assert.ok(s.desiredCanary >= 1 && s.desiredStable >= 1, `${w}% of ${r}`);
      }
    }
  });
});

describe('splitReplicas: one tick of the transition', () => {
  interface Case {
    name: string;
    replicas: number;
    weight: number;
    maxSurge?: string;
    maxUnavailable?: string;
    stable: InstanceCount;
    canary: InstanceCount;
    old?: InstanceCount;
    want: { stable: number; canary: number; old?: number; atTarget?: boolean };
  }
  const cases: Case[] = [
    // Argo's examples (utils/replicaset/canary.go)
    { name: '10 at 10%, surge 1, unavailable 1', replicas: 10, weight: 10, maxSurge: '1', maxUnavailable: '1', stable: c(10), canary: c(0), want: { stable: 9, canary: 1 } },
    { name: '10 at 30%, surge 3, unavailable 0', replicas: 10, weight: 30, maxSurge: '3', maxUnavailable: '0', stable: c(10), canary: c(0), want: { stable: 10, canary: 3 } },
    { name: '10 at 30%, surge 0, unavailable 5', replicas: 10, weight: 30, maxSurge: '0', maxUnavailable: '5', stable: c(10), canary: c(0), want: { stable: 7, canary: 0 } },
    { name: '10 at 5%: stable rounds up to 10 (extra replica)', replicas: 10, weight: 5, maxSurge: '1', maxUnavailable: '1', stable: c(10), canary: c(0), want: { stable: 10, canary: 1 } },
    { name: '1 at 5%, surge 1', replicas: 1, weight: 5, maxSurge: '1', stable: c(1), canary: c(0), want: { stable: 1, canary: 1 } },
    { name: '1 at 95%, surge 1', replicas: 1, weight: 95, maxSurge: '1', stable: c(1), canary: c(0), want: { stable: 1, canary: 1 } },
    { name: '1 at 50%, surge 0: the extra replica still fits the canary', replicas: 1, weight: 50, maxSurge: '0', stable: c(1), canary: c(0), want: { stable: 1, canary: 1 } },
    // the worked examples in the doc comment
    { name: '25% of 4, tick 1', replicas: 4, weight: 25, stable: c(4), canary: c(0), want: { stable: 4, canary: 1 } },
    { name: '25% of 4, tick 2 (canary available)', replicas: 4, weight: 25, stable: c(4), canary: c(1), want: { stable: 3, canary: 1 } },
    { name: '25% of 4, tick 3: at target', replicas: 4, weight: 25, stable: c(3), canary: c(1), want: { stable: 3, canary: 1, atTarget: true } },
    { name: '25% of 4, canary crash-looping: stable keeps 4', replicas: 4, weight: 25, stable: c(4), canary: c(1, 0), want: { stable: 4, canary: 1, atTarget: false } },
    { name: '25% of 4 in place, canary down: not at target', replicas: 4, weight: 25, stable: c(3), canary: c(1, 0), want: { stable: 3, canary: 1, atTarget: false } },
    { name: 'surge 0, unavailable 1, 25% of 4, tick 1', replicas: 4, weight: 25, maxSurge: '0', maxUnavailable: '1', stable: c(4), canary: c(0), want: { stable: 3, canary: 0 } },
    { name: 'surge 0, unavailable 1, 25% of 4, tick 2', replicas: 4, weight: 25, maxSurge: '0', maxUnavailable: '1', stable: c(3), canary: c(0), want: { stable: 3, canary: 1 } },
    { name: 'abort from 2 + 2, tick 1', replicas: 4, weight: 0, stable: c(2), canary: c(2), want: { stable: 3, canary: 2 } },
    { name: 'abort from 2 + 2, tick 2', replicas: 4, weight: 0, stable: c(3), canary: c(2), want: { stable: 3, canary: 1 } },
    { name: 'abort from 2 + 2, tick 3', replicas: 4, weight: 0, stable: c(3), canary: c(1), want: { stable: 4, canary: 1 } },
    { name: 'abort from 2 + 2, tick 4', replicas: 4, weight: 0, stable: c(4), canary: c(1), want: { stable: 4, canary: 0 } },
    { name: 'abort with unavailable canaries: they go at once', replicas: 4, weight: 0, stable: c(2), canary: c(2, 0), want: { stable: 3, canary: 0 } },
    { name: '100% of 3 (rolling), defaults: one in', replicas: 3, weight: 100, stable: c(3), canary: c(0), want: { stable: 3, canary: 1 } },
    { name: '100% of 3, then one out', replicas: 3, weight: 100, stable: c(3), canary: c(1), want: { stable: 2, canary: 1 } },
    { name: '100% of 3, surge 100%: all new at once', replicas: 3, weight: 100, maxSurge: '100%', stable: c(3), canary: c(0), want: { stable: 3, canary: 3 } },
    { name: 'old revisions drain first, within availability', replicas: 4, weight: 25, stable: c(0), canary: c(0), old: c(4), want: { stable: 1, canary: 0, old: 4 } },
    { name: 'stable available again: one old goes', replicas: 4, weight: 25, stable: c(1), canary: c(0), old: c(4), want: { stable: 1, canary: 0, old: 3 } },
    { name: 'unavailable old instances go for free', replicas: 4, weight: 0, stable: c(4), canary: c(0), old: c(2, 0), want: { stable: 4, canary: 0, old: 0 } },
    { name: 'replicas lowered from 5 to 2 at 50%', replicas: 2, weight: 50, stable: c(3), canary: c(2), want: { stable: 1, canary: 1 } },
    { name: 'unavailable stable instances go before available ones', replicas: 4, weight: 50, maxSurge: '0', maxUnavailable: '0', stable: c(4, 2), canary: c(0), want: { stable: 2, canary: 0 } },
    { name: 'available above live is read as live', replicas: 4, weight: 25, stable: c(3, 9), canary: c(1, 1), want: { stable: 3, canary: 1, atTarget: true } },
    { name: 'replicas 0: everything goes', replicas: 0, weight: 50, stable: c(2), canary: c(1), want: { stable: 0, canary: 0 } },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const split = splitReplicas(tc.replicas, tc.weight, {
        ...(tc.maxSurge !== undefined ? { maxSurge: tc.maxSurge } : {}),
        ...(tc.maxUnavailable !== undefined ? { maxUnavailable: tc.maxUnavailable } : {}),
        current: { stable: tc.stable, canary: tc.canary, ...(tc.old ? { old: tc.old } : {}) },
      });
      assert.deepEqual({ stable: split.stable, canary: split.canary, ...(tc.want.old !== undefined ? { old: split.old } : {}), ...(tc.want.atTarget !== undefined ? { atTarget: split.atTarget } : {}) }, tc.want);
    });
  }
});

describe('splitReplicas: driven to the end', () => {
  const surges = ['0', '1', '25%', '100%'];
  const unavailables = ['0', '1', '25%'];
  const weights = [0, 1, 10, 25, 33, 50, 67, 75, 99, 100];

  /** Applies ticks to a healthy cluster (new instances available from the next tick). */
  function drive(replicas: number, weight: number, maxSurge: string, maxUnavailable: string, canaryHealthy: boolean) {
    const budget = transitionBudget(replicas, maxSurge, maxUnavailable);
    let stable = c(replicas);
    let canary = c(0);
    let minSeen = Infinity;
    let maxTotal = 0;
    for (let tick = 0; tick < 60; tick++) {
      const s = splitReplicas(replicas, weight, { maxSurge, maxUnavailable, current: { stable, canary } });
      if (s.atTarget) return { ticks: tick, minSeen, maxTotal, budget, done: true };
      // Stopping takes unavailable instances first; new instances start unavailable.
      minSeen = Math.min(minSeen, Math.min(stable.available, s.stable) + Math.min(canary.available, s.canary));
      maxTotal = Math.max(maxTotal, s.stable + s.canary);
      // By the next tick every instance has started: stable ones always work, canaries if healthy.
      stable = c(s.stable);
      canary = c(s.canary, canaryHealthy ? s.canary : 0);
    }
    return { ticks: 60, minSeen, maxTotal, budget, done: false };
  }

  for (const maxSurge of surges) {
    for (const maxUnavailable of unavailables) {
      it(`maxSurge ${maxSurge}, maxUnavailable ${maxUnavailable}: every replicas 0..10 × weight reaches its split within budget`, () => {
        for (let r = 0; r <= 10; r++) {
          for (const w of weights) {
            const run = drive(r, w, maxSurge, maxUnavailable, true);
            const tag = `${w}% of ${r}`;
            assert.ok(run.done, `${tag} did not converge`);
            if (run.minSeen !== Infinity) assert.ok(run.minSeen >= run.budget.minAvailable, `${tag}: availability ${run.minSeen} < ${run.budget.minAvailable}`);
            assert.ok(run.maxTotal <= r + run.budget.surge + 1, `${tag}: ${run.maxTotal} instances`);
          }
        }
      });
    }
  }

  it('a canary that never becomes available never costs availability below the minimum', () => {
    for (const maxSurge of surges) {
      for (const maxUnavailable of unavailables) {
        for (let r = 1; r <= 10; r++) {
          for (const w of weights.filter((x) => x > 0)) {
            const run = drive(r, w, maxSurge, maxUnavailable, false);
            assert.ok(!run.done, `${w}% of ${r} cannot be at target with the canary down`);
            assert.ok(run.minSeen >= run.budget.minAvailable, `${w}% of ${r} (${maxSurge}/${maxUnavailable}): ${run.minSeen} < ${run.budget.minAvailable}`);
          }
        }
      }
    }
  });
});
