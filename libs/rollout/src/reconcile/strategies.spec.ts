import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import type { RolloutSpec } from '@mosaic/api';
import { Driver, FakeCluster, play, rolloutSpec } from '../../test/fake-cluster.js';
import { routeInvocation } from '../split/route-invocation.js';
import type { RolloutNode } from '../split/weighted-node-order.js';

const SECOND = 1000;

describe('blueGreen', () => {
  const spec = rolloutSpec({ strategy: 'blueGreen' });

  it('previews a full new revision with no traffic, then promote switches and scales stable down', () => {
    const driver = new Driver(spec, 3, new FakeCluster().seed(1, 3), 1);
    assert.deepEqual(play(driver, [
      { desired: 2, want: 'Progressing #0 3/3 w0 [RolloutStarted] ⏱600s' },
      { advance: SECOND, want: 'Paused #0 3/3 w0 [PreviewReady]' },
      { advance: 3600 * SECOND, want: 'Paused #0 3/3 w0 []' },
      { advance: SECOND, commands: ['promote'], want: 'Progressing #1 0/3 w100 [Promoted] ⏱600s' },
      { advance: SECOND, want: 'Completed #1 3/- w0 [Completed]' },
    ]).length, 5);
    assert.equal(driver.state!.stableRevision, 2);
    assert.equal(driver.history[4]!.events[0]!.message, 'Promoted: traffic switched to revision 2; revision 1 scales to 0');
  });

  it('promote before the preview is ready is ignored; promote --full switches anyway', () => {
    const cluster = new FakeCluster().seed(1, 3);
    cluster.behaviour.set(2, 'stuck');
    const driver = new Driver(spec, 3, cluster, 1);
    assert.deepEqual(play(driver, [
      { desired: 2, commands: ['promote'], want: 'Progressing #0 3/3 w0 [RolloutStarted CommandIgnored] ⏱600s' },
      { advance: SECOND, commands: ['promoteFull'], want: 'Progressing #1 3/3 w100 [FullyPromoted] ⏱600s' },
    ]).length, 2);
    assert.match(driver.history[1]!.commands[0]!.message, /^preview revision 2 is not ready \(0\/3 available\); promote --full switches anyway$/);
  });

  it('a preview that never comes up aborts at the progress deadline, stable untouched', () => {
    const cluster = new FakeCluster().seed(1, 3);
    cluster.behaviour.set(2, 'crash');
    const driver = new Driver(rolloutSpec({ strategy: 'blueGreen', progressDeadlineSeconds: 30 }), 3, cluster, 1);
    assert.deepEqual(play(driver, [
      { desired: 2, want: 'Progressing #0 3/3 w0 [RolloutStarted] ⏱30s' },
      { advance: 30 * SECOND, want: 'Aborted #0 3/0 w0 [ProgressDeadlineExceeded Aborted]' },
      { advance: SECOND, want: 'Aborted #0 3/0 w0 [RolledBack]' },
    ], (d) => assert.equal(d.cluster.available(1), 3)).length, 3);
  });
});

describe('rolling', () => {
  const cases: { name: string; spec: Partial<RolloutSpec>; replicas: number; rows: string[] }[] = [
    {
      name: 'maxSurge 1, maxUnavailable 1: two at a time',
      spec: { maxSurge: '1', maxUnavailable: '1' }, replicas: 4,
      rows: [
        'Progressing #0 3/1 w0 [RolloutStarted] ⏱600s',
        'Progressing #0 2/2 w25 [] ⏱600s',
        'Progressing #0 1/3 w50 [] ⏱600s',
        'Progressing #0 0/4 w75 [] ⏱600s',
        'Completed #0 4/- w0 [Completed]',
      ],
    },
    {
      name: 'defaults (maxSurge 25%, maxUnavailable 0): one in, one out',
      spec: {}, replicas: 3,
      rows: [
        'Progressing #0 3/1 w0 [RolloutStarted] ⏱600s',
        'Progressing #0 2/1 w25 [] ⏱600s',
        'Progressing #0 2/2 w33 [] ⏱600s',
        'Progressing #0 1/2 w50 [] ⏱600s',
        'Progressing #0 1/3 w66 [] ⏱600s',
        'Progressing #0 0/3 w75 [] ⏱600s',
        'Completed #0 3/- w0 [Completed]',
      ],
    },
    {
      name: 'maxSurge 100%: all new at once, old go as new become available',
      spec: { maxSurge: '100%' }, replicas: 3,
      rows: [
        'Progressing #0 3/3 w0 [RolloutStarted] ⏱600s',
        'Progressing #0 0/3 w50 [] ⏱600s',
        'Completed #0 3/- w0 [Completed]',
      ],
    },
    {
      name: 'maxSurge 0, maxUnavailable 2: stop two, then replace',
      spec: { maxSurge: '0', maxUnavailable: '2' }, replicas: 4,
      rows: [
        'Progressing #0 2/0 w0 [RolloutStarted] ⏱600s',
        'Progressing #0 2/2 w0 [] ⏱600s',
        'Progressing #0 0/2 w50 [] ⏱600s',
        'Progressing #0 0/4 w100 [] ⏱600s',
        'Completed #0 4/- w0 [Completed]',
      ],
    },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const driver = new Driver(rolloutSpec(tc.spec), tc.replicas, new FakeCluster().seed(1, tc.replicas), 1);
      const got = play(driver, tc.rows.map((want, i) => ({ advance: SECOND, ...(i === 0 ? { desired: 2 } : {}), want })));
      assert.deepEqual(got, tc.rows);
    });
  }

  it('pause holds the instances it has; resume continues', () => {
    const driver = new Driver(rolloutSpec(), 3, new FakeCluster().seed(1, 3), 1);
    assert.deepEqual(play(driver, [
      { desired: 2, want: 'Progressing #0 3/1 w0 [RolloutStarted] ⏱600s' },
      { advance: SECOND, commands: ['pause'], want: 'Paused #0 2/1 w25 [Paused]' },
      { advance: SECOND, want: 'Paused #0 2/1 w33 []' },
      { advance: SECOND, commands: ['promote'], want: 'Paused #0 2/1 w33 [CommandIgnored]' },
      { advance: SECOND, commands: ['resume'], want: 'Progressing #0 2/2 w33 [Resumed] ⏱600s' },
    ]).length, 5);
  });

  it('a crash-looping new revision stalls, then aborts at the deadline; stable stays at 3', () => {
    const cluster = new FakeCluster().seed(1, 3);
    cluster.behaviour.set(2, 'crash');
    const driver = new Driver(rolloutSpec({ progressDeadlineSeconds: 120 }), 3, cluster, 1);
    assert.deepEqual(play(driver, [
      { desired: 2, want: 'Progressing #0 3/1 w0 [RolloutStarted] ⏱120s' },
      { advance: 60 * SECOND, want: 'Progressing #0 3/1 w0 [] ⏱60s' },
      { advance: 60 * SECOND, want: 'Aborted #0 3/0 w0 [ProgressDeadlineExceeded Aborted]' },
    ], (d) => assert.equal(d.cluster.available(1), 3)).length, 3);
  });
});

describe('probes: a weight is a share of matching nodes', () => {
  const labelsOf = (name: string): Record<string, string> => (name === 'e' || name === 'f' ? { env: 'pre' } : {});
  const nodes: RolloutNode[] = ['a', 'b', 'c', 'd', 'e', 'f'].map((name) => ({ name, labels: labelsOf(name) }));
  const spec = rolloutSpec({
    strategy: 'canary', maxSurge: '0', maxUnavailable: '1', nodeOrderLabel: 'env=pre',
    steps: [{ setWeight: 34 }, { pause: {} }, { setWeight: 100 }] as RolloutSpec['steps'],
  });

  it('goes to env=pre nodes first, one node at a time, then the rest', () => {
    const driver = new Driver(spec, 0, new FakeCluster().seed(1, 6), 1, nodes);
    const got = play(driver, [
      { desired: 2, want: 'Progressing #0 5/1 w34 [RolloutStarted WeightSet] ⏱600s' },
      { advance: SECOND, want: 'Progressing #0 4/2 w34 [] ⏱600s' },
      { advance: SECOND, want: 'Progressing #0 3/3 w34 [] ⏱600s' },
      { advance: SECOND, want: 'Paused #1 3/3 w34 [StepAdvanced Paused]' },
      { advance: SECOND, commands: ['promote'], want: 'Progressing #2 2/4 w100 [Promoted WeightSet] ⏱600s' },
      { advance: SECOND, want: 'Progressing #2 1/5 w100 [] ⏱600s' },
      { advance: SECOND, want: 'Progressing #2 0/6 w100 [] ⏱600s' },
      { advance: SECOND, want: 'Completed #3 6/- w0 [StepAdvanced Completed]' },
    ]);
    assert.equal(got.length, 8);
    assert.deepEqual(driver.history.slice(1, 4).map((d) => d.targets.nodes?.canary.join(' ')), ['e', 'e f', 'e f a']);
    assert.deepEqual(driver.history[3]!.targets.nodes?.stable, ['b', 'c', 'd']);
    assert.equal(driver.history[1]!.events[1]!.message, 'Canary weight 34% at step 1/3 (setWeight 34): revision 2 goes to 3 of 6 nodes (e, f, a), revision 1 keeps 3');
  });

  it('a probe that fails to attach halts the spread on its node, then aborts back to every node', () => {
    const cluster = new FakeCluster().seed(1, 6);
    cluster.behaviour.set(2, 'crash');
    const driver = new Driver({ ...spec, progressDeadlineSeconds: 60 }, 0, cluster, 1, nodes);
    play(driver, [
      { desired: 2, want: '' },
      { advance: 30 * SECOND, want: '' }, // node e swapped: that was progress
      { advance: 30 * SECOND, want: '' },
      { advance: 30 * SECOND, want: '' }, // 60 s without progress since
    ]);
    assert.deepEqual(driver.history.slice(1).map((d) => d.targets.nodes?.canary.join(' ')), ['e', 'e', 'e', '']);
    assert.deepEqual(driver.last.targets.nodes?.stable, ['e', 'f', 'a', 'b', 'c', 'd']);
    assert.equal(driver.state!.phase, 'Aborted');
  });

  it('blue-green on nodes runs both revisions on every node until the switch', () => {
    const driver = new Driver(rolloutSpec({ strategy: 'blueGreen' }), 0, new FakeCluster().seed(1, 3), 1, nodes.slice(0, 3));
    play(driver, [{ desired: 2, want: '' }]);
    assert.deepEqual(driver.last.targets.nodes, { canary: ['a', 'b', 'c'], stable: ['a', 'b', 'c'] });
  });
});

describe('functions: a weight is a share of invocations', () => {
  it('a function canary at 20% routes about 20% of 2,000 invocations to the new revision', () => {
    const spec = rolloutSpec({ strategy: 'canary', steps: [{ setWeight: 20 }, { pause: {} }] as RolloutSpec['steps'] });
    const driver = new Driver(spec, 5, new FakeCluster().seed(1, 5), 1);
    play(driver, [{ desired: 2, want: '' }, { advance: SECOND, want: '' }, { advance: SECOND, want: '' }]);
    const { targets } = driver.last;
    assert.equal(targets.weight, 20);
    const onCanary = Array.from({ length: 2000 }, (_, i) => routeInvocation(targets.weight, `inv-${i}`, String(targets.canary!.revision)))
      .filter((r) => r === 'canary').length;
    const sigma = Math.sqrt(2000 * 0.2 * 0.8);
    assert.ok(Math.abs(onCanary - 400) <= 3 * sigma, `${onCanary} of 2000`);
  });
});
