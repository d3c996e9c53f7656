import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import type { RolloutSpec } from '@mosaic/api';
import { Driver, FakeCluster, line, play, rolloutSpec, row } from '../../test/fake-cluster.js';
import type { RolloutCommand } from '../state/rollout-input.js';
import { reconcileRollout } from './reconcile-rollout.js';

const SECOND = 1000;
const spec = rolloutSpec({ strategy: 'canary', steps: [{ setWeight: 25 }, { pause: { seconds: 60 } }, { setWeight: 50 }, { pause: {} }] as RolloutSpec['steps'] });

/** 4 replicas at 50%, paused until promoted (2 stable + 2 canary, all available). */
function atManualPause(): Driver {
  const driver = new Driver(spec, 4, new FakeCluster().seed(1, 4), 1);
  play(driver, [
    { desired: 2, want: '' },
    { advance: SECOND, want: '' },
    { advance: SECOND, want: '' },
    { advance: 60 * SECOND, want: '' },
    { advance: SECOND, want: '' },
    { advance: SECOND, want: '' },
  ]);
  assert.equal(line(row(driver.last, driver.now)), 'Paused #3 2/2 w50 [StepAdvanced Paused]');
  return driver;
}

describe('operator commands', () => {
  it('abort restores stable one instance at a time (availability ≥ 4), then retry starts over', () => {
    const driver = atManualPause();
    assert.deepEqual(play(driver, [
      { advance: SECOND, commands: ['abort'], want: 'Aborted #3 3/2 w0 [Aborted]' },
      { advance: SECOND, want: 'Aborted #3 3/1 w0 []' },
      { advance: SECOND, want: 'Aborted #3 4/1 w0 []' },
      { advance: SECOND, want: 'Aborted #3 4/0 w0 []' },
      { advance: SECOND, want: 'Aborted #3 4/0 w0 [RolledBack]' },
      { advance: SECOND, commands: ['abort'], want: 'Aborted #3 4/0 w0 [CommandIgnored]' },
      { advance: SECOND, commands: ['retry'], want: 'Progressing #0 4/1 w25 [Retried WeightSet] ⏱600s' },
      { advance: SECOND, want: 'Progressing #0 3/1 w25 [] ⏱600s' },
      { advance: SECOND, want: 'Paused #1 3/1 w25 [StepAdvanced Paused] ⏱60s' },
    ], (d) => assert.ok(d.cluster.counts().reduce((n, c) => n + c.available, 0) >= 4)).length, 9);
    const retried = driver.history.find((d) => d.events.some((e) => e.reason === 'Retried'))!;
    assert.equal(retried.events[0]!.message, 'Retried: revision 2 starts again from step 1/4 (setWeight 25) (was Aborted: Aborted)');
    assert.equal(driver.state!.abort, undefined);
  });

  it('pause holds the split and stops the steps; resume continues', () => {
    const driver = new Driver(spec, 4, new FakeCluster().seed(1, 4), 1);
    assert.deepEqual(play(driver, [
      { desired: 2, commands: ['pause'], want: 'Paused #0 4/1 w25 [RolloutStarted WeightSet Paused]' },
      { advance: SECOND, want: 'Paused #0 3/1 w25 []' },
      { advance: 3600 * SECOND, want: 'Paused #0 3/1 w25 []' },
      { advance: SECOND, commands: ['pause'], want: 'Paused #0 3/1 w25 [CommandIgnored]' },
      { advance: SECOND, commands: ['resume'], want: 'Paused #1 3/1 w25 [Resumed StepAdvanced Paused] ⏱60s' },
      { advance: SECOND, commands: ['resume'], want: 'Paused #1 3/1 w25 [CommandIgnored] ⏱59s' },
    ]).length, 6);
    assert.deepEqual(driver.last.commands, [{ seq: 4, kind: 'resume', outcome: 'Ignored', message: 'it is not paused by an operator; step 2/4 (pause 60s) ends with promote' }]);
  });

  it('a timed pause that ran out during an operator pause ends on resume', () => {
    const driver = atManualPause();
    play(driver, [{ advance: SECOND, commands: ['promote'], want: '' }]);
    assert.equal(line(row(driver.last, driver.now)), 'Progressing #4 2/3 w100 [Promoted WeightSet] ⏱600s');
    const d2 = new Driver(spec, 4, new FakeCluster().seed(1, 4), 1);
    assert.deepEqual(play(d2, [
      { desired: 2, want: 'Progressing #0 4/1 w25 [RolloutStarted WeightSet] ⏱600s' },
      { advance: SECOND, want: 'Progressing #0 3/1 w25 [] ⏱600s' },
      { advance: SECOND, want: 'Paused #1 3/1 w25 [StepAdvanced Paused] ⏱60s' },
      { advance: SECOND, commands: ['pause'], want: 'Paused #1 3/1 w25 [Paused]' },
      { advance: 120 * SECOND, want: 'Paused #1 3/1 w25 []' },
      { advance: SECOND, commands: ['resume'], want: 'Progressing #2 3/2 w50 [Resumed PauseEnded StepAdvanced WeightSet] ⏱600s' },
    ]).length, 6);
  });

  it('promote lifts an operator pause too', () => {
    const driver = atManualPause();
    assert.equal(play(driver, [{ advance: SECOND, commands: ['pause', 'promote'], want: '' }])[0], 'Progressing #4 2/3 w100 [Paused Promoted WeightSet] ⏱600s');
    assert.equal(driver.state!.operatorPause, undefined);
  });

  const base = () => {
    const driver = atManualPause();
    return { driver, input: (commands: RolloutCommand[]) => ({ spec, replicas: 4, state: driver.state, revisions: { desired: 2 }, instances: driver.cluster.counts(), commands, now: driver.now + SECOND }) };
  };

  it('applies commands in seq order, each once', () => {
    const { driver, input } = base();
    const first = reconcileRollout(input([{ seq: 9, kind: 'promote' }, { seq: 8, kind: 'pause', by: 'ana' }]));
    assert.deepEqual(first.commands.map((c) => `${c.seq} ${c.kind} ${c.outcome}`), ['8 pause Applied', '9 promote Applied']);
    assert.equal(first.events[0]!.message, 'Paused by ana at step 4/4 (pause) (weight 50%); resume continues');
    assert.equal(first.state.commandSeq, 9);
    // the controller did not clear them: handing them in again changes nothing
    driver.state = first.state;
    const again = reconcileRollout(input([{ seq: 9, kind: 'promote' }, { seq: 8, kind: 'pause' }]));
    assert.deepEqual(again.commands, []);
    assert.deepEqual(again.events, []);
  });

  const ignored: { name: string; command: RolloutCommand; message: string }[] = [
    { name: 'a command for another revision', command: { seq: 7, kind: 'promote', revision: 1 }, message: 'it was meant for revision 1, and the rollout is at revision 2' },
    { name: 'retry of a running rollout', command: { seq: 7, kind: 'retry' }, message: 'only an aborted or degraded rollout can be retried (it is Paused)' },
    { name: 'resume without an operator pause', command: { seq: 7, kind: 'resume' }, message: 'it is not paused by an operator; step 4/4 (pause) ends with promote' },
    { name: 'an unknown command', command: { seq: 7, kind: 'rewind' as never }, message: 'unknown command "rewind"' },
  ];
  for (const tc of ignored) {
    it(`ignores ${tc.name}, with an event saying why`, () => {
      const { input } = base();
      const d = reconcileRollout(input([tc.command]));
      assert.deepEqual(d.commands, [{ seq: 7, kind: tc.command.kind, outcome: 'Ignored', message: tc.message }]);
      assert.deepEqual(d.events.map((e) => `${e.type} ${e.reason}`), ['Warning CommandIgnored']);
      assert.equal(d.state.commandSeq, 7);
      assert.equal(d.state.phase, 'Paused');
    });
  }

  it('ignores commands when no rollout is in progress', () => {
    const driver = new Driver(spec, 2, new FakeCluster().seed(1, 2), 1);
    for (const kind of ['promote', 'promoteFull', 'pause', 'resume', 'abort', 'retry'] as const) {
      play(driver, [{ advance: SECOND, commands: [kind], want: '' }]);
      assert.deepEqual(driver.last.commands.map((c) => `${c.outcome}: ${c.message}`), ['Ignored: no rollout in progress: revision 1 is stable']);
    }
  });

  it('promote on a degraded rollout pushes past the failed step', () => {
    const cluster = new FakeCluster().seed(1, 4);
    cluster.behaviour.set(2, 'crash');
    const failing = rolloutSpec({
      strategy: 'canary', autoRollback: false,
      steps: [{ setWeight: 25 }, { analysis: { metrics: [{ name: 'ready', kind: 'health' }], intervalSeconds: 10, count: 1, failureLimit: 0 } }, { pause: {} }] as RolloutSpec['steps'],
    });
    const driver = new Driver(failing, 4, cluster, 1);
    assert.deepEqual(play(driver, [
      { desired: 2, want: 'Progressing #0 4/1 w25 [RolloutStarted WeightSet] ⏱600s' },
      { advance: SECOND, want: 'Degraded #1 4/1 w25 [StepAdvanced AnalysisStarted AnalysisFailed]' },
      { advance: SECOND, commands: ['promote'], want: 'Paused #2 4/1 w25 [Promoted Paused]' },
    ]).length, 3);
    assert.equal(driver.state!.abort, undefined);
  });
});
