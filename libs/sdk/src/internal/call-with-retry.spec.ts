import assert from 'node:assert/strict';
import { Metadata, status as Status } from '@grpc/grpc-js';
import { DEFAULT_RETRY } from '../mosaic-client-options.js';
import { callWithRetry, type RetryContext } from './call-with-retry.js';

function grpcError(code: Status, details = 'boom'): Error {
  return Object.assign(new Error(`${code} ${details}`), { code, details, metadata: new Metadata() });
}

/** A fake clock: sleeping advances it, so deadlines are checked without real waiting. */
function fakeTime(deadlineIn = 10_000) {
  let t = 0;
  const sleeps: number[] = [];
  const ctx: RetryContext = {
    retry: { ...DEFAULT_RETRY, jitter: 0 },
    deadline: deadlineIn,
    now: () => t,
    sleep: (ms) => {
      sleeps.push(ms);
      t += ms;
      return Promise.resolve();
    },
  };
  return { ctx, sleeps };
}

describe('callWithRetry', () => {
  const cases: { name: string; outcomes: (Status | 'ok')[]; maxAttempts?: number; deadline?: number; want: string; sleeps: number[] }[] = [
    { name: 'succeeds first time', outcomes: ['ok'], want: 'ok', sleeps: [] },
    { name: 'retries UNAVAILABLE with growing backoff', outcomes: [Status.UNAVAILABLE, Status.UNAVAILABLE, 'ok'], want: 'ok', sleeps: [100, 200] },
    { name: 'does not retry NOT_FOUND', outcomes: [Status.NOT_FOUND, 'ok'], want: 'NotFoundError', sleeps: [] },
    { name: 'does not retry DEADLINE_EXCEEDED', outcomes: [Status.DEADLINE_EXCEEDED], want: 'DeadlineExceededError', sleeps: [] },
    { name: 'gives up after maxAttempts', outcomes: [Status.UNAVAILABLE, Status.UNAVAILABLE, Status.UNAVAILABLE], maxAttempts: 3, want: 'UnavailableError', sleeps: [100, 200] },
    { name: 'maxAttempts 1 disables retries', outcomes: [Status.UNAVAILABLE, 'ok'], maxAttempts: 1, want: 'UnavailableError', sleeps: [] },
    { name: 'stops when the next backoff would pass the deadline', outcomes: [Status.UNAVAILABLE, Status.UNAVAILABLE, Status.UNAVAILABLE], deadline: 250, want: 'DeadlineExceededError', sleeps: [100] },
  ];
  for (const tc of cases) {
    it(tc.name, async () => {
      const { ctx, sleeps } = fakeTime(tc.deadline);
      if (tc.maxAttempts) ctx.retry = { ...ctx.retry, maxAttempts: tc.maxAttempts };
      const outcomes = [...tc.outcomes];
      const got = await callWithRetry(() => {
        const next = outcomes.shift();
        return next === 'ok' ? Promise.resolve('ok') : Promise.reject(grpcError(next ?? Status.INTERNAL));
      }, ctx).catch((err: Error) => err.name);
      assert.equal(got, tc.want);
      assert.deepEqual(sleeps, tc.sleeps);
    });
  }

  it('passes non-gRPC errors through untouched', async () => {
    const bug = new TypeError('bug');
    await assert.rejects(callWithRetry(() => Promise.reject(bug), fakeTime().ctx), (err) => err === bug);
  });

  it('stops at once when the signal is already aborted', async () => {
    const { ctx } = fakeTime();
    ctx.signal = AbortSignal.abort(new Error('stop'));
    await assert.rejects(callWithRetry(() => Promise.resolve('ok'), ctx), /stop/);
  });
});
