import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import type { RolloutSpec } from '@mosaic/api';
import { Driver, FakeCluster, T0, line, play, rolloutSpec, row, type Expect } from '../../test/fake-cluster.js';
import { reconcileRollout } from './reconcile-rollout.js';
import type { RolloutState } from '../state/rollout-state.js';

const steps = (s: unknown[]) => s as RolloutSpec['steps'];
const canary = (s: unknown[], over: Partial<RolloutSpec> = {}) => rolloutSpec({ strategy: 'canary', steps: steps(s), ...over });
const SECOND = 1000;

describe('canary: 25 → timed pause → 50 → manual pause → promote → 100', () => {
  const spec = canary([{ setWeight: 25 }, { pause: { seconds: 30 } }, { setWeight: 50 }, { pause: {} }, { setWeight: 100 }]);
  // 4 replicas, maxSurge 25% (1), maxUnavailable 0: one instance moves at a time and at least
  // 4 are available throughout. Each row is one reconcile, after the fake cluster has aged one
  // tick (new instances become available one tick after they are asked for).
  const rows: Expect[] = [
    { desired: 2, want: 'Progressing #0 4/1 w25 [RolloutStarted WeightSet] ⏱600s' },
    { advance: SECOND, want: 'Progressing #0 3/1 w25 [] ⏱600s' },
    { advance: SECOND, want: 'Paused #1 3/1 w25 [StepAdvanced Paused] ⏱30s' },
    { advance: 10 * SECOND, want: 'Paused #1 3/1 w25 [] ⏱20s' },
    { advance: 20 * SECOND, want: 'Progressing #2 3/2 w50 [PauseEnded StepAdvanced WeightSet] ⏱600s' },
    { advance: SECOND, want: 'Progressing #2 2/2 w50 [] ⏱600s' },
    { advance: SECOND, want: 'Paused #3 2/2 w50 [StepAdvanced Paused]' },
    { advance: 3600 * SECOND, want: 'Paused #3 2/2 w50 []' },
    { advance: SECOND, commands: ['promote'], want: 'Progressing #4 2/3 w100 [Promoted WeightSet] ⏱600s' },
    { advance: SECOND, want: 'Progressing #4 1/3 w100 [] ⏱600s' },
    { advance: SECOND, want: 'Progressing #4 1/4 w100 [] ⏱600s' },
    { advance: SECOND, want: 'Progressing #4 0/4 w100 [] ⏱600s' },
    { advance: SECOND, want: 'Completed #5 4/- w0 [StepAdvanced Completed]' },
    { advance: SECOND, want: 'Completed #5 4/- w0 []' },
  ];

  it('has exact targets at every tick and never drops below 4 available', () => {
    const driver = new Driver(spec, 4, new FakeCluster().seed(1, 4), 1);
    const got = play(driver, rows, (d) => {
      const available = d.cluster.counts().reduce((n, c) => n + c.available, 0);
      assert.ok(available >= 4, `only ${available} available at t=${(d.now - T0) / 1000}s`);
    });
    assert.deepEqual(got, rows.map((r) => r.want));
    const s = driver.state!;
    assert.deepEqual([s.stableRevision, s.canaryRevision, s.weight, s.commandSeq], [2, 2, 100, 1]);
    assert.deepEqual(driver.cluster.counts(), [{ revision: 2, live: 4, available: 4, crashLooping: 0, restarts: 0 }]);
  });

  it('records each transition with a message and keeps the step index and steps hash in the state', () => {
    const driver = new Driver(spec, 4, new FakeCluster().seed(1, 4), 1);
    play(driver, rows.slice(0, 3));
    const s = driver.state!;
    assert.equal(s.currentStepIndex, 1);
    assert.match(s.stepsHash, /^[0-9a-f]{16}$/);
    assert.deepEqual(s.pause, { reason: 'PauseStep', startedAt: '2030-01-01T00:00:02.000Z', endsAt: '2030-01-01T00:00:32.000Z' });
    assert.deepEqual(s.events.map((e) => `${e.type} ${e.reason}: ${e.message}`), [
      'Normal RolloutInitialized: Revision 1 is the stable revision (4 instances)',
      'Normal RolloutStarted: Rolling out revision 2 over stable revision 1 (canary, 5 steps)',
      'Normal WeightSet: Canary weight 25% at step 1/5 (setWeight 25): revision 2 gets 1 of 4 instances, revision 1 keeps 3',
      'Normal StepAdvanced: Step 1/5 (setWeight 25) done; next: step 2/5 (pause 30s)',
      'Normal Paused: Paused at step 2/5 (pause 30s) for 30s, until 2030-01-01T00:00:32.000Z',
    ]);
    assert.equal(s.message, 'Paused at step 2/5 (pause 30s) for 30s, until 2030-01-01T00:00:32.000Z');
  });

  it('resumes a timed pause after a restart with the same time left (the state is all it needs)', () => {
    const driver = new Driver(spec, 4, new FakeCluster().seed(1, 4), 1);
    play(driver, rows.slice(0, 3));
    const persisted = JSON.parse(JSON.stringify(driver.state)) as RolloutState;
    const input = (now: number) => ({ spec, replicas: 4, state: persisted, revisions: { desired: 2 }, instances: driver.cluster.counts(), now });
    // a new control plane, 15 s later: 15 s of the 30 s pause are left
    const later = reconcileRollout(input(driver.now + 15 * SECOND));
    assert.equal(line(row(later, driver.now + 15 * SECOND)), 'Paused #1 3/1 w25 [] ⏱15s');
    // down for longer than the pause: it ends on the first reconcile, and the next weight starts
    const after = reconcileRollout(input(driver.now + 3600 * SECOND));
    assert.equal(line(row(after, driver.now)), 'Progressing #2 3/2 w50 [PauseEnded StepAdvanced WeightSet] ⏱600s');
  });

  it('promote skips a timed pause; promote --full jumps to 100%', () => {
    const driver = new Driver(spec, 4, new FakeCluster().seed(1, 4), 1);
    play(driver, rows.slice(0, 3));
    assert.deepEqual(play(driver, [
      { advance: SECOND, commands: ['promote'], want: 'Progressing #2 3/2 w50 [Promoted WeightSet] ⏱600s' },
      { advance: SECOND, commands: ['promoteFull'], want: 'Progressing #5 2/2 w100 [FullyPromoted WeightSet] ⏱600s' },
      { advance: SECOND, want: 'Progressing #5 2/3 w100 [] ⏱600s' },
      { advance: SECOND, want: 'Progressing #5 1/3 w100 [] ⏱600s' },
      { advance: SECOND, want: 'Progressing #5 1/4 w100 [] ⏱600s' },
      { advance: SECOND, want: 'Progressing #5 0/4 w100 [] ⏱600s' },
      { advance: SECOND, want: 'Completed #5 4/- w0 [Completed]' },
    ]).length, 7);
  });
});

describe('canary: analysis', () => {
  const analysisSteps = (metrics: unknown[], over: Record<string, unknown> = {}) =>
    canary([{ setWeight: 25 }, { analysis: { metrics, intervalSeconds: 10, count: 3, failureLimit: 1, ...over } }, { setWeight: 100 }]);

  it('a crash-looping canary fails its analysis: Aborted, 100% stable, stable never below 4', () => {
    const cluster = new FakeCluster().seed(1, 4);
    cluster.behaviour.set(2, 'crash');
    const driver = new Driver(analysisSteps([{ name: 'ready', kind: 'health' }, { name: 'restarts', kind: 'restarts' }]), 4, cluster, 1);
    const got = play(driver, [
      { desired: 2, want: 'Progressing #0 4/1 w25 [RolloutStarted WeightSet] ⏱600s' },
      // the canary has settled (crash-looping), so the split is in place: analysis starts at once
      { advance: SECOND, want: 'Progressing #1 4/1 w25 [StepAdvanced AnalysisStarted AnalysisMeasurementFailed] ⏱10s' },
      { advance: 10 * SECOND, want: 'Aborted #1 4/0 w0 [AnalysisFailed Aborted]' },
      { advance: SECOND, want: 'Aborted #1 4/0 w0 [RolledBack]' },
      { advance: SECOND, want: 'Aborted #1 4/0 w0 []' },
    ], (d) => assert.ok(d.cluster.available(1) >= 4, 'stable below the spec minimum'));
    assert.equal(got.length, 5);
    const s = driver.state!;
    assert.equal(s.abort?.reason, 'AnalysisFailed');
    assert.equal(s.abort?.restored, true);
    assert.deepEqual(
      { phase: s.analysis?.phase, taken: s.analysis?.taken, failures: s.analysis?.failures },
      { phase: 'Failed', taken: 2, failures: 2 },
    );
    assert.deepEqual(s.analysis?.measurements.at(-1)?.results.map((r) => `${r.name}=${r.value} ${r.outcome}`), ['ready=0 Failed', 'restarts=2 Failed']);
    assert.match(driver.history[3]!.events[0]!.message, /^Analysis failed at step 2\/3 \(analysis of ready, restarts \(3 × 10s, failureLimit 1\)\): 2 of 2 measurements failed/);
    assert.deepEqual(driver.cluster.counts(), [{ revision: 1, live: 4, available: 4, crashLooping: 0, restarts: 0 }]);
  });

  it('passes on measured values and moves on; inconclusive measurements are taken again', () => {
    const cluster = new FakeCluster().seed(1, 4);
    const driver = new Driver(analysisSteps([{ name: 'errors', kind: 'errorRate', threshold: 0.05 }, { name: 'p99', kind: 'latencyP99', threshold: 300 }], { count: 2 }), 4, cluster, 1);
    const ok = { errorRate: 0.01, latencyP99: 120 };
    assert.deepEqual(play(driver, [
      { desired: 2, want: 'Progressing #0 4/1 w25 [RolloutStarted WeightSet] ⏱600s' },
      { advance: SECOND, want: 'Progressing #0 3/1 w25 [] ⏱600s' },
      { advance: SECOND, want: 'Progressing #1 3/1 w25 [StepAdvanced AnalysisStarted AnalysisInconclusive] ⏱10s' },
      { advance: 10 * SECOND, measurements: ok, want: 'Progressing #1 3/1 w25 [] ⏱10s' },
      { advance: 10 * SECOND, measurements: { errorRate: 0.2, latencyP99: 120 }, want: 'Progressing #2 3/2 w100 [AnalysisMeasurementFailed AnalysisSucceeded StepAdvanced WeightSet] ⏱600s' },
    ]).length, 5);
    assert.deepEqual(driver.state!.analysis && { phase: driver.state!.analysis.phase, taken: driver.state!.analysis.taken, failures: driver.state!.analysis.failures, inconclusive: driver.state!.analysis.inconclusive }, { phase: 'Successful', taken: 2, failures: 1, inconclusive: 1 });
  });

  it('a function canary whose error rate is too high aborts: the invocation weight goes to 0', () => {
    const driver = new Driver(canary([{ setWeight: 20 }, { analysis: { metrics: [{ name: 'errors', kind: 'errorRate' }], intervalSeconds: 30, count: 4, failureLimit: 0 } }]), 5, new FakeCluster().seed(1, 5), 1);
    assert.deepEqual(play(driver, [
      { desired: 2, want: 'Progressing #0 5/1 w20 [RolloutStarted WeightSet] ⏱600s' },
      { advance: SECOND, want: 'Progressing #0 4/1 w20 [] ⏱600s' },
      { advance: SECOND, measurements: { errorRate: 0 }, want: 'Progressing #1 4/1 w20 [StepAdvanced AnalysisStarted] ⏱30s' },
      { advance: 30 * SECOND, measurements: { errorRate: 0.3 }, want: 'Aborted #1 5/1 w0 [AnalysisFailed Aborted]' },
    ]).length, 4);
  });
});

describe('canary: progress deadline', () => {
  const spec = (over: Partial<RolloutSpec> = {}) => canary([{ setWeight: 50 }, { pause: {} }], { progressDeadlineSeconds: 60, ...over });
  const stuck = () => {
    const cluster = new FakeCluster().seed(1, 4);
    cluster.behaviour.set(2, 'stuck'); // never starts: no node fits, an image never pulls …
    return cluster;
  };

  it('no progress for progressDeadlineSeconds aborts back to stable', () => {
    const driver = new Driver(spec(), 4, stuck(), 1);
    assert.deepEqual(play(driver, [
      { desired: 2, want: 'Progressing #0 4/1 w50 [RolloutStarted WeightSet] ⏱60s' },
      { advance: 30 * SECOND, want: 'Progressing #0 4/1 w50 [] ⏱30s' },
      { advance: 30 * SECOND, want: 'Aborted #0 4/0 w0 [ProgressDeadlineExceeded Aborted]' },
      { advance: SECOND, want: 'Aborted #0 4/0 w0 [RolledBack]' },
    ]).length, 4);
    assert.equal(driver.state!.abort?.reason, 'ProgressDeadlineExceeded');
    assert.equal(driver.history[3]!.events[0]!.message, 'No progress for 1m (progressDeadlineSeconds 60) at step 1/2 (setWeight 50): revision 2 has 0/2 instances available');
  });

  it('with autoRollback off it degrades and holds; retry starts over, abort restores stable', () => {
    const driver = new Driver(spec({ autoRollback: false }), 4, stuck(), 1);
    assert.deepEqual(play(driver, [
      { desired: 2, want: 'Progressing #0 4/1 w50 [RolloutStarted WeightSet] ⏱60s' },
      { advance: 60 * SECOND, want: 'Degraded #0 4/1 w50 [ProgressDeadlineExceeded]' },
      { advance: 600 * SECOND, want: 'Degraded #0 4/1 w50 []' },
      { advance: SECOND, commands: ['retry'], want: 'Progressing #0 4/1 w50 [Retried WeightSet] ⏱60s' },
      { advance: SECOND, commands: ['abort'], want: 'Aborted #0 4/0 w0 [Aborted]' },
    ]).length, 5);
    assert.match(driver.history[2]!.state.message, /autoRollback is off: revision 2 holds at step 1\/2 \(setWeight 50\) until promote, abort or retry$/);
  });

  it('is not armed while paused, and progress (a canary becoming available) pushes it back', () => {
    const driver = new Driver(canary([{ setWeight: 25 }, { pause: { seconds: 300 } }, { setWeight: 50 }], { progressDeadlineSeconds: 60 }), 4, new FakeCluster().seed(1, 4), 1);
    assert.deepEqual(play(driver, [
      { desired: 2, want: 'Progressing #0 4/1 w25 [RolloutStarted WeightSet] ⏱60s' },
      { advance: 50 * SECOND, want: 'Progressing #0 3/1 w25 [] ⏱60s' },
      { advance: 50 * SECOND, want: 'Paused #1 3/1 w25 [StepAdvanced Paused] ⏱300s' },
      { advance: 300 * SECOND, want: 'Progressing #2 3/2 w50 [PauseEnded StepAdvanced WeightSet] ⏱60s' },
    ]).length, 4);
  });
});

describe('canary: steps changed mid-rollout', () => {
  const spec = canary([{ setWeight: 25 }, { pause: {} }, { setWeight: 100 }]);
  const start = () => {
    const driver = new Driver(spec, 4, new FakeCluster().seed(1, 4), 1);
    play(driver, [{ desired: 2, want: '' }, { advance: SECOND, want: '' }, { advance: SECOND, want: '' }]);
    assert.equal(line(row(driver.last, driver.now)), 'Paused #1 3/1 w25 [StepAdvanced Paused]');
    return driver;
  };

  it('a different step list restarts the rollout from step 1, deliberately', () => {
    const driver = start();
    const before = driver.state!.stepsHash;
    const changed = canary([{ setWeight: 10 }, { pause: {} }]);
    assert.deepEqual(play(driver, [
      { advance: SECOND, spec: changed, want: 'Progressing #0 4/1 w10 [StepsChanged WeightSet] ⏱600s' },
      { advance: SECOND, want: 'Paused #1 4/1 w10 [StepAdvanced Paused]' },
    ]).length, 2);
    const s = driver.state!;
    assert.notEqual(s.stepsHash, before);
    assert.equal(s.stepCount, 2);
    assert.match(driver.history.at(-2)!.events[0]!.message, /^Steps changed \(hash [0-9a-f]{16} → [0-9a-f]{16}, 2 steps\) at step 2\/3: revision 2 restarts from the first step$/);
  });

  it('the same steps spelled differently change nothing', () => {
    const driver = start();
    const same = canary([{ setWeight: 25 }, { pause: {} }, { setWeight: 100 }].map((s) => ({ ...s })));
    assert.equal(play(driver, [{ advance: SECOND, spec: same, want: '' }])[0], 'Paused #1 3/1 w25 []');
  });

  it('an operator pause survives the restart', () => {
    const driver = start();
    play(driver, [{ advance: SECOND, commands: ['pause'], want: '' }]);
    const got = play(driver, [{ advance: SECOND, spec: canary([{ setWeight: 50 }]), want: '' }])[0];
    assert.equal(got, 'Paused #0 3/2 w50 [StepsChanged WeightSet]');
    assert.ok(driver.state!.operatorPause);
  });

  it('a strategy change restarts under the new strategy', () => {
    const driver = start();
    assert.equal(play(driver, [{ advance: SECOND, spec: rolloutSpec(), want: '' }])[0], 'Progressing #0 3/2 w25 [StrategyChanged] ⏱600s');
  });

  it('after completion new steps are only recorded, for the next rollout', () => {
    const driver = new Driver(spec, 2, new FakeCluster().seed(1, 2), 1);
    const changed = canary([{ setWeight: 50 }]);
    const got = play(driver, [{ advance: SECOND, spec: changed, want: '' }])[0];
    assert.equal(got, 'Healthy #0 2/- w0 [StepsChanged]');
    assert.match(driver.last.events[0]!.message, /they apply from the next rollout or retry$/);
  });
});
