import type { RolloutView } from '@mosaic/sdk';
import assert from 'node:assert/strict';
import { renderRolloutHistory, renderRolloutPreview, renderRolloutStatus, rolloutSettled } from './render-rollout.js';

const NOW = new Date('2026-01-01T00:01:00Z');

function view(over: Partial<NonNullable<RolloutView['rollout']>> = {}, revisions: RolloutView['revisions'] = []): RolloutView {
  return {
    namespace: 'shop', name: 'web', runtime: 'service', replicas: 4, revision: 2, resourceVersion: '9',
    steps: ['setWeight 25', 'pause 30s', 'setWeight 50', 'pause', 'setWeight 100'],
    revisions,
    rollout: {
      strategy: 'canary', phase: 'Paused', message: 'paused', stableRevision: 1, canaryRevision: 2, currentStepIndex: 1, stepCount: 5,
      stepsHash: 'h', weight: 25, commandSeq: 0,
      events: [{ type: 'Normal', reason: 'WeightSet', message: 'revision 2 at 25%', at: '2026-01-01T00:00:30Z', revision: 2 }],
      pause: { reason: 'PauseStep', startedAt: '2026-01-01T00:00:40Z', endsAt: '2026-01-01T00:01:10Z' },
      ...over,
    },
  };
}

describe('renderRolloutStatus', () => {
  const cases: { name: string; v: RolloutView; has: string[]; hasNot?: string[] }[] = [
    { name: 'marks done steps and the current one', v: view(), has: ['  ✔ 1. setWeight 25', '  ▶ 2. pause 30s', '    3. setWeight 50', 'Weight:      25%'] },
    { name: 'time left in a timed pause', v: view(), has: ['pause step, 10s left'] },
    { name: 'an untimed pause waits for promote', v: view({ currentStepIndex: 3, pause: { reason: 'PauseStep', startedAt: '2026-01-01T00:00:40Z' } }), has: ['until promoted', '  ▶ 4. pause'] },
    { name: 'instances per revision', v: view({}, [{ revision: 1, live: 3, ready: 3, restarts: 0, role: 'stable' }, { revision: 2, live: 1, ready: 0, restarts: 2, role: 'canary' }]), has: ['REVISION', '1          stable   3/3', '2          canary   0/1     2'] },
    { name: 'recent events', v: view(), has: ['Events:', 'WeightSet', 'revision 2 at 25%'] },
    { name: 'idle: stable at 100%, no step marked', v: view({ phase: 'Completed', stableRevision: 2, canaryRevision: 2, currentStepIndex: 5 }), has: ['100% (stable)'], hasNot: ['▶'] },
    {
      name: 'the last analysis measurement',
      v: view({ analysis: { stepIndex: 2, phase: 'Failed', startedAt: 'x', count: 3, failureLimit: 0, taken: 1, failures: 1, inconclusive: 0, measurements: [{ at: 'x', outcome: 'Failed', results: [{ name: 'h', kind: 'health', value: 0, threshold: 1, outcome: 'Failed' }] }] } }),
      has: ['Analysis:    step 3: Failed, 1/3 measured, 1 failed (limit 0); last: h=0 (threshold 1) Failed'],
    },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const text = renderRolloutStatus(tc.v, NOW);
      for (const s of tc.has) assert.ok(text.includes(s), `missing ${JSON.stringify(s)} in\n${text}`);
      for (const s of tc.hasNot ?? []) assert.ok(!text.includes(s), `unexpected ${JSON.stringify(s)} in\n${text}`);
    });
  }
});

describe('rolloutSettled', () => {
  const cases = [
    { name: 'paused is not settled', v: view(), want: false },
    { name: 'completed with no old instances is', v: view({ phase: 'Completed', stableRevision: 2, canaryRevision: 2 }), want: true },
    { name: 'completed while old ones still stop is not', v: view({ phase: 'Completed' }, [{ revision: 1, live: 1, ready: 1, restarts: 0, role: 'old' }]), want: false },
    { name: 'aborted before the stable one is back is not', v: view({ phase: 'Aborted', abort: { reason: 'Aborted', message: 'm', at: 'x' } }), want: false },
    { name: 'aborted and restored is', v: view({ phase: 'Aborted', abort: { reason: 'Aborted', message: 'm', at: 'x', restored: true } }), want: true },
  ];
  for (const tc of cases) it(tc.name, () => assert.equal(rolloutSettled(tc.v), tc.want));
});

describe('renderRolloutHistory', () => {
  it('one row per revision with cause and role', () => {
    const text = renderRolloutHistory([
      { revision: 1, changeCause: 'apply', createdAt: '2026-01-01T00:00:00Z', role: '' },
      { revision: 3, changeCause: 'undo to revision 1', createdAt: '2026-01-01T00:00:50Z', role: 'canary' },
    ], NOW);
    assert.deepEqual(text.split('\n'), ['REVISION   CHANGE-CAUSE         AGE   ROLE', '1          apply                60s', '3          undo to revision 1   10s   canary', '']);
  });
});

describe('renderRolloutPreview', () => {
  const cases = [
    {
      name: 'a probe: node order and steps',
      p: { revision: 2, revisionChange: 'new' as const, stableRevision: 1, strategy: 'canary', steps: ['1. setWeight 50: 1 of 2 nodes on revision 2 (pre)'], nodeOrder: ['pre', 'a'], summary: 'new revision 2, canary from revision 1' },
      want: '  rollout: new revision 2, canary from revision 1\n  node order: pre, a\n    1. setWeight 50: 1 of 2 nodes on revision 2 (pre)\n',
    },
    {
      name: 'nothing to roll out: the summary only',
      p: { revision: 1, revisionChange: 'current' as const, stableRevision: 1, strategy: 'canary', steps: [], nodeOrder: [], summary: 'revision 1 (unchanged: nothing to roll out), canary from revision 1' },
      want: '  rollout: revision 1 (unchanged: nothing to roll out), canary from revision 1\n',
    },
  ];
  for (const tc of cases) it(tc.name, () => assert.equal(renderRolloutPreview(tc.p), tc.want));
});
