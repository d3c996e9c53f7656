import assert from 'node:assert/strict';
import { scaleFunction, totalDesired, type FunctionScaleInput, type RevisionLoad, type ScaleReason } from './function-scale.js';
import { routedRevisions } from './routed-revisions.js';

const NOW = 1_000_000;
const spec = (scale: Partial<FunctionScaleInput['spec']['scale']> = {}, concurrency = 10): FunctionScaleInput['spec'] =>
  ({ concurrency, scale: { min: 0, max: 5, idleSeconds: 60, ...scale } });
const load = (revision: number, l: Partial<RevisionLoad> = {}): RevisionLoad =>
  ({ revision, waiting: 0, delayed: 0, active: 0, liveInstances: 0, readyInstances: 0, ...l });
const ago = (seconds: number) => NOW - seconds * 1000;

interface Case {
  name: string;
  revisions: RevisionLoad[];
  routed?: number[];
  spec?: FunctionScaleInput['spec'];
  previous?: [number, number][];
  want: [revision: number, desired: number, reason: ScaleReason][];
}

describe('scaleFunction', () => {
  const cases: Case[] = [
    // Load.
    { name: 'nothing, never active, min 0: zero', revisions: [load(1)], want: [[1, 0, 'scaled-to-zero']] },
    { name: 'routed revision without any sample still appears', revisions: [], want: [[1, 0, 'scaled-to-zero']] },
    { name: 'cold start: 1 waiting, no instance', revisions: [load(1, { waiting: 1, lastActivityAt: NOW })], want: [[1, 1, 'cold-start']] },
    { name: 'cold start while an instance is still starting is load', revisions: [load(1, { waiting: 1, liveInstances: 1, lastActivityAt: NOW })], want: [[1, 1, 'load']] },
    { name: 'exactly concurrency fits one instance', revisions: [load(1, { waiting: 6, active: 4, liveInstances: 1, readyInstances: 1, lastActivityAt: NOW })], want: [[1, 1, 'load']] },
    { name: 'one over concurrency needs two', revisions: [load(1, { waiting: 7, active: 4, liveInstances: 1, readyInstances: 1, lastActivityAt: NOW })], want: [[1, 2, 'load']] },
    { name: '35 waiting + 10 active → 5', revisions: [load(1, { waiting: 35, active: 10, liveInstances: 1, readyInstances: 1, lastActivityAt: NOW })], want: [[1, 5, 'load']] },
    { name: '120 waiting is capped to max', revisions: [load(1, { waiting: 120, liveInstances: 2, readyInstances: 2, lastActivityAt: NOW })], want: [[1, 5, 'capped']] },
    { name: 'concurrency 1: one instance per invocation', spec: spec({ max: 20 }, 1), revisions: [load(1, { waiting: 7, active: 3, lastActivityAt: NOW })], want: [[1, 10, 'cold-start']] },
    { name: 'concurrency 0 (invalid) counts as 1', spec: spec({}, 0), revisions: [load(1, { waiting: 2, lastActivityAt: NOW })], want: [[1, 2, 'cold-start']] },
    // Idle hold and scale down.
    { name: 'idle hold: 10 s after activity keeps 4 live', revisions: [load(1, { liveInstances: 4, readyInstances: 4, lastActivityAt: ago(10) })], want: [[1, 4, 'idle-hold']] },
    { name: 'idle hold prefers the previous decision over live count', revisions: [load(1, { liveInstances: 1, lastActivityAt: ago(10) })], previous: [[1, 3]], want: [[1, 3, 'idle-hold']] },
    { name: 'idle hold still capped by max', spec: spec({ max: 2 }), revisions: [load(1, { liveInstances: 4, lastActivityAt: ago(10) })], want: [[1, 2, 'capped']] },
    { name: 'load above the held count wins', revisions: [load(1, { waiting: 40, liveInstances: 2, lastActivityAt: ago(10) })], previous: [[1, 2]], want: [[1, 4, 'load']] },
    { name: 'idle past idleSeconds: to zero', revisions: [load(1, { liveInstances: 4, readyInstances: 4, lastActivityAt: ago(70) })], want: [[1, 0, 'scaled-to-zero']] },
    { name: 'idle exactly idleSeconds: to zero', revisions: [load(1, { liveInstances: 1, lastActivityAt: ago(60) })], want: [[1, 0, 'scaled-to-zero']] },
    { name: 'idle past idleSeconds with min 2: 2', spec: spec({ min: 2 }), revisions: [load(1, { liveInstances: 4, lastActivityAt: ago(70) })], want: [[1, 2, 'min']] },
    { name: 'min holds with no load at all', spec: spec({ min: 1 }), revisions: [load(1)], want: [[1, 1, 'min']] },
    { name: 'load above min is load', spec: spec({ min: 1 }), revisions: [load(1, { waiting: 25, lastActivityAt: NOW, liveInstances: 1 })], want: [[1, 3, 'load']] },
    { name: 'active jobs keep the instance even when idle clock is old', revisions: [load(1, { active: 1, liveInstances: 1, lastActivityAt: ago(120) })], want: [[1, 1, 'load']] },
    // Delayed retries.
    { name: 'delayed retry due in 5 s keeps 1', revisions: [load(1, { delayed: 3, nextDelayedAt: NOW + 5000, lastActivityAt: ago(120) })], want: [[1, 1, 'retry-due']] },
    { name: 'delayed retry overdue keeps 1', revisions: [load(1, { delayed: 1, nextDelayedAt: NOW - 5000 })], want: [[1, 1, 'retry-due']] },
    { name: 'delayed retry of unknown time keeps 1', revisions: [load(1, { delayed: 1 })], want: [[1, 1, 'retry-due']] },
    { name: 'delayed retry in 10 min lets it go to zero', revisions: [load(1, { delayed: 1, nextDelayedAt: NOW + 600_000, lastActivityAt: ago(120) })], want: [[1, 0, 'scaled-to-zero']] },
    // Draining revisions.
    { name: 'old revision with active jobs drains with 1', routed: [2], revisions: [load(1, { active: 7, liveInstances: 3 }), load(2, { liveInstances: 1, lastActivityAt: NOW })], want: [[1, 1, 'draining'], [2, 1, 'idle-hold']] },
    { name: 'old revision with a big backlog drains with its load', routed: [2], revisions: [load(1, { waiting: 30, liveInstances: 1 }), load(2)], want: [[1, 3, 'draining'], [2, 0, 'scaled-to-zero']] },
    { name: 'old revision with only delayed jobs keeps 1', routed: [2], revisions: [load(1, { delayed: 2, nextDelayedAt: NOW + 3_600_000 }), load(2)], want: [[1, 1, 'draining'], [2, 0, 'scaled-to-zero']] },
    { name: 'old revision with an empty queue goes to 0 at once', routed: [2], revisions: [load(1, { liveInstances: 3, lastActivityAt: NOW })], want: [[1, 0, 'drained'], [2, 0, 'scaled-to-zero']] },
    { name: 'draining revisions are outside max', spec: spec({ max: 2 }), routed: [2], revisions: [load(1, { waiting: 50 }), load(2, { waiting: 50, lastActivityAt: NOW })], want: [[1, 2, 'draining'], [2, 2, 'capped']] },
    // Canary: two routed revisions share max.
    { name: 'canary 3 + 3 over max 5: the lower revision gives way', routed: [1, 2], revisions: [load(1, { waiting: 30, lastActivityAt: NOW }), load(2, { waiting: 30, lastActivityAt: NOW })], want: [[1, 2, 'capped'], [2, 3, 'cold-start']] },
    { name: 'canary 8 + 1 over max 5: the larger gives way', routed: [1, 2], revisions: [load(1, { waiting: 80, liveInstances: 4, lastActivityAt: NOW }), load(2, { waiting: 10, liveInstances: 1, lastActivityAt: NOW })], want: [[1, 4, 'capped'], [2, 1, 'load']] },
    { name: 'canary with max 1 keeps both loaded revisions at 1', spec: spec({ max: 1 }), routed: [1, 2], revisions: [load(1, { waiting: 5, lastActivityAt: NOW }), load(2, { waiting: 5, lastActivityAt: NOW })], want: [[1, 1, 'cold-start'], [2, 1, 'cold-start']] },
    { name: 'canary with max 1: an unloaded min revision gives way', spec: spec({ min: 1, max: 1 }), routed: [1, 2], revisions: [load(1), load(2, { waiting: 5, lastActivityAt: NOW })], want: [[1, 0, 'capped'], [2, 1, 'cold-start']] },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const got = scaleFunction({
        revisions: tc.revisions,
        routed: tc.routed ?? [1],
        spec: tc.spec ?? spec(),
        now: NOW,
        ...(tc.previous ? { previous: new Map(tc.previous) } : {}),
      });
      assert.deepEqual(got.map((s) => [s.revision, s.desired, s.reason]), tc.want);
    });
  }

  it('totalDesired sums every revision', () => {
    assert.equal(totalDesired([{ revision: 1, desired: 2, reason: 'load' }, { revision: 2, desired: 3, reason: 'draining' }]), 5);
  });
});

describe('routedRevisions', () => {
  const r = (phase: string, stableRevision: number, canaryRevision = 3) => ({ phase, stableRevision, canaryRevision });
  const cases: [name: string, rollout: Parameters<typeof routedRevisions>[1], want: number[]][] = [
    ['no rollout: the current revision', undefined, [3]],
    ['progressing canary: stable and canary', r('Progressing', 2), [2, 3]],
    ['paused canary: stable and canary', r('Paused', 2), [2, 3]],
    ['degraded canary still routes both', r('Degraded', 2), [2, 3]],
    ['aborted rollout: stable only', r('Aborted', 2), [2]],
    ['completed rollout: current only', r('Completed', 2), [3]],
    ['stable equals canary: the current revision', r('Healthy', 3), [3]],
    ['no stable revision yet: the current revision', r('Progressing', 0), [3]],
  ];
  for (const [name, rollout, want] of cases) it(name, () => assert.deepEqual(routedRevisions(3, rollout), want));
});
