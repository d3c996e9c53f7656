import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import type { RolloutSpec } from '@mosaic/api';
import { Driver, FakeCluster, T0, line, play, rolloutSpec, row } from '../../test/fake-cluster.js';
import type { RolloutInput } from '../state/rollout-input.js';
import { reconcileRollout } from './reconcile-rollout.js';

const SECOND = 1000;
const spec = rolloutSpec({ strategy: 'canary', steps: [{ setWeight: 25 }, { pause: {} }, { setWeight: 50 }, { pause: {} }] as RolloutSpec['steps'] });

function at50(): Driver {
  const driver = new Driver(spec, 4, new FakeCluster().seed(1, 4), 1);
  play(driver, [
    { desired: 2, want: '' },
    { advance: SECOND, want: '' },
    { advance: SECOND, want: '' },
    { advance: SECOND, commands: ['promote'], want: '' },
    { advance: SECOND, want: '' },
    { advance: SECOND, want: '' },
  ]);
  assert.equal(line(row(driver.last, driver.now)), 'Paused #3 2/2 w50 [StepAdvanced Paused]');
  return driver;
}

describe('reconcileRollout: revisions', () => {
  it('first sight: the running revision is stable; a different desired one starts at once', () => {
    const d = reconcileRollout({ spec, replicas: 4, state: undefined, revisions: { desired: 2, stable: 1 }, instances: [{ revision: 1, live: 4, available: 4 }], now: T0 });
    assert.equal(line(row(d, T0)), 'Progressing #0 4/1 w25 [RolloutInitialized RolloutStarted WeightSet] ⏱600s');
    assert.deepEqual([d.state.stableRevision, d.state.canaryRevision], [1, 2]);
  });

  it('first sight of a new workload: Healthy, stable scaled up, nothing timed', () => {
    const d = reconcileRollout({ spec, replicas: 3, state: undefined, revisions: { desired: 1 }, instances: [], now: T0 });
    assert.equal(line(row(d, T0)), 'Healthy #0 3/- w0 [RolloutInitialized]');
    assert.deepEqual(d.targets, { stable: { revision: 1, instances: 3 }, old: [], weight: 0 });
  });

  it('an undo to the stable revision mid-rollout rolls back at once; the canary drains within budget', () => {
    const driver = at50();
    assert.deepEqual(play(driver, [
      { advance: SECOND, desired: 1, want: 'Healthy #0 3/- w0 [RolledBack]' },
      { advance: SECOND, want: 'Healthy #0 3/- w0 []' },
      { advance: SECOND, want: 'Healthy #0 4/- w0 []' },
      { advance: SECOND, want: 'Healthy #0 4/- w0 []' },
    ]).length, 4);
    assert.deepEqual(driver.history.slice(-4).map((d) => d.targets.old), [
      [{ revision: 2, instances: 2 }], [{ revision: 2, instances: 1 }], [{ revision: 2, instances: 1 }], [{ revision: 2, instances: 0 }],
    ]);
    assert.equal(driver.history.at(-4)!.events[0]!.message, 'Revision 1 is wanted again: the rollout of revision 2 stops at step 4/4 (pause) and its instances are removed');
  });

  it('an undo to an older revision (not the stable one) is a new rollout of it, through the steps', () => {
    const driver = at50();
    // the stable side is scaled up first (it is the one known to work), then the canary
    assert.equal(play(driver, [{ advance: SECOND, desired: 0, want: '' }])[0], 'Progressing #0 3/0 w25 [RolloutStarted WeightSet] ⏱600s');
    assert.deepEqual(driver.last.targets.old, [{ revision: 2, instances: 2 }]);
  });

  it('a new revision mid-rollout supersedes it: the old canary drains, the new one starts at step 1', () => {
    const driver = at50();
    assert.deepEqual(play(driver, [
      { advance: SECOND, desired: 3, want: 'Progressing #0 3/0 w25 [RolloutStarted WeightSet] ⏱600s' },
      { advance: SECOND, want: 'Progressing #0 3/0 w25 [] ⏱600s' },
      { advance: SECOND, want: 'Progressing #0 3/1 w25 [] ⏱600s' },
      { advance: SECOND, want: 'Progressing #0 3/1 w25 [] ⏱600s' },
      { advance: SECOND, want: 'Paused #1 3/1 w25 [StepAdvanced Paused]' },
    ]).length, 5);
    assert.match(driver.history.at(-5)!.events[0]!.message, /^Rolling out revision 3 over stable revision 1 \(canary, 4 steps\); it replaces revision 2, whose instances stop$/);
    assert.deepEqual(driver.history.slice(-5).map((d) => d.targets.old.map((o) => `${o.revision}:${o.instances}`).join()), ['2:2', '2:1', '2:1', '2:0', '']);
  });

  it('a new revision after an abort starts a new rollout', () => {
    const driver = at50();
    play(driver, [{ advance: SECOND, commands: ['abort'], want: '' }]);
    assert.equal(play(driver, [{ advance: SECOND, desired: 3, want: '' }])[0], 'Progressing #0 3/0 w25 [RolloutStarted WeightSet] ⏱600s');
    assert.equal(driver.state!.abort, undefined);
  });
});

describe('reconcileRollout: determinism and bounds', () => {
  const input = (): RolloutInput => {
    const driver = at50();
    return {
      spec, replicas: 4, state: driver.state, revisions: { desired: 2 },
      instances: [{ revision: 2, live: 2, available: 2 }, { revision: 7, live: 1, available: 0 }, { revision: 1, live: 2, available: 2 }],
      commands: [{ seq: 5, kind: 'promote' }], measurements: { errorRate: 0 }, now: driver.now + SECOND,
    };
  };

  it('the same input gives the same decision', () => {
    const a = input();
    assert.deepEqual(reconcileRollout(a), reconcileRollout(structuredClone(a)));
  });

  it('the order of instance counts does not matter', () => {
    const a = input();
    assert.deepEqual(reconcileRollout({ ...a, instances: [...a.instances].reverse() }), reconcileRollout(a));
  });

  it('never modifies its input', () => {
    const a = deepFreeze(input());
    const copy = structuredClone(a);
    reconcileRollout(a);
    assert.deepEqual(a, copy);
  });

  it('keeps the newest events in the state, and all of this reconcile in the decision', () => {
    const driver = new Driver(spec, 4, new FakeCluster().seed(1, 4), 1);
    play(driver, [{ desired: 2, want: '' }, { advance: SECOND, want: '' }, { advance: SECOND, want: '' }]);
    const d = reconcileRollout({ spec, replicas: 4, state: driver.state, revisions: { desired: 2 }, instances: driver.cluster.counts(), commands: [{ seq: 1, kind: 'promote' }], now: driver.now + SECOND, options: { maxEvents: 3 } });
    assert.deepEqual(d.events.map((e) => e.reason), ['Promoted', 'WeightSet']);
    assert.deepEqual(d.state.events.map((e) => e.reason), ['Paused', 'Promoted', 'WeightSet']);
  });

  it('requeueAfter is the earliest pending timer', () => {
    const timed = rolloutSpec({ strategy: 'canary', progressDeadlineSeconds: 20, steps: [{ analysis: { metrics: [{ name: 'errors', kind: 'errorRate' }], intervalSeconds: 30, count: 2, failureLimit: 0 } }] as RolloutSpec['steps'] });
    const d = reconcileRollout({ spec: timed, replicas: 2, state: undefined, revisions: { desired: 2, stable: 1 }, instances: [{ revision: 1, live: 2, available: 2 }], measurements: { errorRate: 0 }, now: T0 });
    assert.equal(d.requeueAfter, 30_000); // the next measurement; the deadline allows 20 s + one 30 s interval
  });
});

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
