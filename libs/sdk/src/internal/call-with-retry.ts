import { status as Status } from '@grpc/grpc-js';
import type { ResolvedRetryOptions } from '../mosaic-client-options.js';
import { DeadlineExceededError } from '@mosaic/api';
import { isGrpcStatus, statusName, statusToError } from '../status-to-error.js';
import { backoffDelay } from './backoff.js';
import { sleep as realSleep } from './sleep.js';

/** What one unary call needs to be retried; clock and sleep are injectable for tests. */
export interface RetryContext {
  retry: ResolvedRetryOptions;
  /** Absolute deadline (epoch ms) shared by every attempt. */
  deadline: number;
  signal?: AbortSignal;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

/**
 * Runs `attempt` until it succeeds, fails with something other than UNAVAILABLE, runs out
 * of attempts, or would outlive the deadline. Only UNAVAILABLE is retried: it means the
 * request never reached a server that could act on it, so repeating it is safe; every
 * other status is the server's answer. Failures leave here as Mosaic error classes.
 */
export async function callWithRetry<T>(attempt: (deadline: number) => Promise<T>, ctx: RetryContext): Promise<T> {
  const now = ctx.now ?? Date.now;
  const sleep = ctx.sleep ?? realSleep;
  for (let n = 1; ; n++) {
    ctx.signal?.throwIfAborted();
    try {
      return await attempt(ctx.deadline);
    } catch (err) {
      if (ctx.signal?.aborted) throw ctx.signal.reason;
      if (!isGrpcStatus(err)) throw err;
      if (err.code !== Status.UNAVAILABLE || n >= ctx.retry.maxAttempts) throw statusToError(err);
      const wait = backoffDelay(n, ctx.retry, ctx.random);
      if (now() + wait >= ctx.deadline) {
        throw new DeadlineExceededError(`deadline exceeded after ${n} attempt(s); last error: ${statusName(err.code)}: ${err.details}`, { cause: err });
      }
      await sleep(wait, ctx.signal);
    }
  }
}
