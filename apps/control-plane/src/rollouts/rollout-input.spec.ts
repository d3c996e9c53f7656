import type { RolloutStatus } from '@mosaic/api';
import assert from 'node:assert/strict';
import { NOW, instance, node, workload } from '../../test/support/reconcile-fixtures.js';
import { indexNodes } from '../reconciler/plan-reconcile.js';
import { buildRolloutInput, countRevisions } from './rollout-input.js';
import { nextCommandSeq, pendingCommands, rolloutWakeId } from './rollout-status.js';

const w = workload('web', { replicas: 3, rollout: { strategy: 'canary', steps: [{ setWeight: 50 }] } as never });
const nodes = indexNodes([node('n1'), node('n2', { labels: { env: 'pre' } })]);
const state: RolloutStatus = { strategy: 'canary', phase: 'Paused', message: '', stableRevision: 1, canaryRevision: 2, currentStepIndex: 0, stepCount: 1, stepsHash: 'h', weight: 50, commandSeq: 3, events: [] };

describe('countRevisions', () => {
  const cases = [
    { name: 'live and available per revision', list: [instance(w, 1, 'n1', { state: 'Running' }), instance(w, 1, 'n2', { state: 'Starting' }), instance(w, 2, 'n1', { state: 'Running', restarts: 2 })], want: [{ revision: 1, live: 2, available: 1, crashLooping: 0, restarts: 0 }, { revision: 2, live: 1, available: 1, crashLooping: 0, restarts: 2 }] },
    { name: 'crash-looping and Failed count as settled unhealthy', list: [instance(w, 2, 'n1', { state: 'Starting', crashLoop: true, restarts: 4 }), instance(w, 2, 'n2', { state: 'Failed' })], want: [{ revision: 2, live: 2, available: 0, crashLooping: 2, restarts: 4 }] },
    { name: 'stopping, stopped and succeeded ones do not count', list: [instance(w, 1, 'n1', { state: 'Running', stopping: true }), instance(w, 1, 'n1', { state: 'Stopped' }), instance(w, 1, 'n1', { state: 'Succeeded' })], want: [] },
  ];
  for (const tc of cases) it(tc.name, () => assert.deepEqual(countRevisions(tc.list, nodes), tc.want));
});

describe('buildRolloutInput', () => {
  it('first sight: the running revision is stable', () => {
    const input = buildRolloutInput({ workload: w, revision: 2, instances: [instance(w, 1, 'n1', { state: 'Running' })], nodes, now: NOW });
    assert.equal(input.state, undefined);
    assert.deepEqual(input.revisions, { desired: 2, stable: 1 });
    assert.equal(input.replicas, 3);
    assert.equal(input.nodes, undefined);
  });
  it('a stored state and pending commands are handed over', () => {
    const stored = { ...w, status: { rollout: state, rolloutCommands: [{ seq: 4, kind: 'promote' as const, revision: 2 }] } };
    const input = buildRolloutInput({ workload: stored, revision: 2, instances: [], nodes, now: NOW, measurements: { errorRate: 0.5 } });
    assert.equal(input.state?.canaryRevision, 2);
    assert.deepEqual(input.revisions, { desired: 2 });
    assert.deepEqual(input.commands, [{ seq: 4, kind: 'promote', revision: 2 }]);
    assert.deepEqual(input.measurements, { errorRate: 0.5 });
  });
  it('a state in the old shape counts as first sight', () => {
    const old = { ...w, status: { rollout: { stableRevision: 1, currentRevision: 2, phase: 'Healthy' } as unknown as RolloutStatus } };
    assert.equal(buildRolloutInput({ workload: old, revision: 1, instances: [], nodes, now: NOW }).state, undefined);
  });
  it('a function splits nothing: the weight only routes invocations', () => {
    const fn = { ...w, spec: { ...w.spec, runtime: 'function' as const } };
    const input = buildRolloutInput({ workload: fn, revision: 2, instances: [instance(w, 1, 'n1', { state: 'Running' })], nodes, now: NOW });
    assert.equal(input.replicas, 0);
    assert.deepEqual(input.instances, []);
  });
  it('everyNode: the feasible nodes with their labels', () => {
    const probe = { ...w, spec: { ...w.spec, placement: { ...w.spec.placement, mode: 'everyNode' as const } } };
    const input = buildRolloutInput({ workload: probe, revision: 1, instances: [], nodes, now: NOW, feasibleNodes: [nodes.get('n2')!] });
    assert.deepEqual(input.nodes, [{ name: 'n2', labels: { env: 'pre' } }]);
  });
});

describe('rollout status helpers', () => {
  it('pendingCommands keeps unhandled ones in seq order', () => {
    assert.deepEqual(pendingCommands([{ seq: 5, kind: 'abort' }, { seq: 2, kind: 'pause' }, { seq: 4, kind: 'resume' }], 3).map((c) => c.seq), [4, 5]);
  });
  it('nextCommandSeq is above handled and pending ones', () => {
    assert.equal(nextCommandSeq(undefined), 1);
    assert.equal(nextCommandSeq({ rollout: state }), 4);
    assert.equal(nextCommandSeq({ rollout: state, rolloutCommands: [{ seq: 7, kind: 'pause' }] }), 8);
  });
  it('the wake-up id is per workload, revision and step', () => {
    assert.equal(rolloutWakeId('shop/web', state), 'shop/web@2/0');
  });
});
