import assert from 'node:assert/strict';
import type { InvocationPayload } from '@mosaic/queue';
import { invocationFromJob, invocationStateOf, jobStatesFor, type InvocationJobView } from './invocation-view.js';

const data: InvocationPayload = {
  invocationId: 'k-1', namespace: 'shop', name: 'resize', revision: 3, input: { a: 1 }, idempotencyKey: 'order-1',
  trigger: 'http', acceptedAt: '2026-01-01T00:00:00.000Z', timeoutMs: 30_000,
};
const job = (over: Partial<InvocationJobView>): InvocationJobView => ({ id: 'k-1', data, returnvalue: null, attemptsMade: 0, opts: { attempts: 3 }, ...over });

describe('invocationStateOf', () => {
  const cases = [
    { jobState: 'waiting', attemptsMade: 0, want: 'queued' },
    { jobState: 'prioritized', attemptsMade: 0, want: 'queued' },
    { jobState: 'delayed', attemptsMade: 0, want: 'queued' },
    { jobState: 'delayed', attemptsMade: 1, want: 'failed' },
    { jobState: 'waiting', attemptsMade: 2, want: 'failed' },
    { jobState: 'active', attemptsMade: 0, want: 'running' },
    { jobState: 'active', attemptsMade: 2, want: 'running' },
    { jobState: 'completed', attemptsMade: 1, want: 'succeeded' },
    { jobState: 'failed', attemptsMade: 3, want: 'dead-lettered' },
    { jobState: 'unknown', attemptsMade: 0, want: 'queued' },
  ];
  for (const tc of cases) it(`${tc.jobState} after ${tc.attemptsMade} attempt(s) → ${tc.want}`, () => assert.equal(invocationStateOf(tc.jobState, tc.attemptsMade), tc.want));
});

describe('jobStatesFor', () => {
  it('every job state an API state can come from maps back to it', () => {
    for (const state of ['queued', 'running', 'succeeded', 'failed', 'dead-lettered'] as const) {
      const attempts = state === 'failed' ? 1 : state === 'queued' ? 0 : 1;
      for (const jobState of jobStatesFor(state)) assert.equal(invocationStateOf(jobState, attempts), state, `${state} via ${jobState}`);
    }
  });
});

describe('invocationFromJob', () => {
  it('a succeeded job: output, instance, duration, timestamps', () => {
    const inv = invocationFromJob(job({ attemptsMade: 1, processedOn: Date.parse('2026-01-01T00:00:01Z'), finishedOn: Date.parse('2026-01-01T00:00:02Z'), returnvalue: { output: { b: 2 }, durationMs: 812, instance: 'resize-3-a' } }), 'completed');
    assert.deepEqual(inv, {
      id: 'k-1', namespace: 'shop', name: 'resize', revision: 3, state: 'succeeded', attempts: 1, maxAttempts: 3, input: { a: 1 },
      trigger: 'http', acceptedAt: '2026-01-01T00:00:00.000Z', idempotencyKey: 'order-1', startedAt: '2026-01-01T00:00:01.000Z',
      finishedAt: '2026-01-01T00:00:02.000Z', output: { b: 2 }, durationMs: 812, instance: 'resize-3-a',
    });
  });

  it('a dead letter: error, attempts, finishedAt, no output', () => {
    const inv = invocationFromJob(job({ attemptsMade: 3, failedReason: 'TypeError: x', finishedOn: Date.parse('2026-01-01T00:00:09Z') }), 'failed');
    assert.equal(inv.state, 'dead-lettered');
    assert.equal(inv.attempts, 3);
    assert.equal(inv.error, 'TypeError: x');
    assert.equal(inv.finishedAt, '2026-01-01T00:00:09.000Z');
    assert.equal('output' in inv, false);
  });

  it('a running retry counts the attempt in flight and keeps the last error', () => {
    const inv = invocationFromJob(job({ attemptsMade: 1, failedReason: 'boom', processedOn: 5 }), 'active');
    assert.equal(inv.state, 'running');
    assert.equal(inv.attempts, 2);
    assert.equal(inv.error, 'boom');
    assert.equal(inv.finishedAt, undefined);
  });

  it('a waiting job without input reads as null input and no optional fields', () => {
    const { idempotencyKey: _k, ...bare } = data;
    const inv = invocationFromJob({ id: 'i-2', data: { ...bare, invocationId: 'i-2', input: undefined }, returnvalue: null, attemptsMade: 0, opts: {} }, 'waiting');
    assert.deepEqual(inv, { id: 'i-2', namespace: 'shop', name: 'resize', revision: 3, state: 'queued', attempts: 0, maxAttempts: 1, input: null, trigger: 'http', acceptedAt: '2026-01-01T00:00:00.000Z' });
  });
});
