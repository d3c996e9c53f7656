import { createHash, randomUUID } from 'node:crypto';

/**
 * The contract between the control plane (producers: gRPC Invoke/InvokeAsync, the HTTP gateway,
 * schedule triggers, replays) and the agents' function driver (consumers). One BullMQ queue per
 * function *revision*, so a canary can route a share of invocations to the new revision and
 * every revision's instances scale with their own backlog; old revisions drain with old code.
 *
 * - job id = invocation id (deterministic with an idempotency key, so a duplicate request finds
 *   the first job instead of adding a second);
 * - job data = {@link InvocationPayload}; job return value = {@link InvocationResult};
 * - a job failed with retries exhausted is a dead letter: kept (`removeOnFail: false`) with its
 *   error and attempts until replayed or deleted;
 * - which revision queue holds an invocation: the global hash {@link FUNCTION_INDEX_KEY}
 *   (invocation id → `<ns>/<name>@<revision>`), so an invocation is found by its id alone.
 */

/** BullMQ queue of one function revision: `fn.<namespace>.<name>.r<revision>` (names are DNS labels). */
export function functionQueueName(namespace: string, name: string, revision: number): string {
  return `fn.${namespace}.${name}.r${revision}`;
}

/** Redis hash (raw key, BullMQ prefix not applied) mapping invocation id → {@link formatInvocationLocation}. */
export const FUNCTION_INDEX_KEY = 'mosaic:fn-index';

/** Where an invocation's job lives. */
export interface InvocationLocation {
  namespace: string;
  name: string;
  revision: number;
}

/** `<ns>/<name>@<revision>`: the value of an invocation in {@link FUNCTION_INDEX_KEY}. */
export function formatInvocationLocation({ namespace, name, revision }: InvocationLocation): string {
  return `${namespace}/${name}@${revision}`;
}

/** The inverse of {@link formatInvocationLocation}; undefined for anything else. */
export function parseInvocationLocation(value: string): InvocationLocation | undefined {
  const m = /^([^/]+)\/([^@]+)@(\d+)$/.exec(value);
  return m ? { namespace: m[1]!, name: m[2]!, revision: Number(m[3]) } : undefined;
}

/**
 * The invocation id: random, or derived from the idempotency key (same function + same key →
 * same id → the first invocation's job and result).
 */
export function invocationIdFor(namespace: string, name: string, idempotencyKey?: string): string {
  if (idempotencyKey === undefined || idempotencyKey === '') return `i-${randomUUID()}`;
  const digest = createHash('sha256').update(`${namespace}/${name}\n${idempotencyKey}`).digest('hex');
  return `k-${digest.slice(0, 32)}`;
}

/** How an invocation arrived. */
export type InvocationTrigger = 'api' | 'http' | 'queue' | 'schedule' | 'replay';

/** Job data of one invocation. Plain JSON. */
export interface InvocationPayload {
  invocationId: string;
  namespace: string;
  name: string;
  /** The revision whose queue holds the job (and whose code runs it). */
  revision: number;
  /** The handler's input (any JSON value; `null` when none). */
  input: unknown;
  /** Given by the caller; handed to the handler so it can make its side effects idempotent. */
  idempotencyKey?: string;
  trigger: InvocationTrigger;
  /** RFC 3339, when the invocation was accepted. */
  acceptedAt: string;
  /** Per-attempt limit, from `function.timeoutSeconds` of the revision. */
  timeoutMs: number;
}

/** Job return value of a succeeded invocation. */
export interface InvocationResult {
  /** What the handler returned (JSON; `null` for undefined). */
  output: unknown;
  /** The attempt's run time inside the handler. */
  durationMs: number;
  /** Instance that ran the successful attempt. */
  instance: string;
}

/** The states the API reports (BullMQ's, folded). */
export type InvocationState = 'queued' | 'running' | 'succeeded' | 'failed' | 'dead-lettered';

/**
 * Maps a BullMQ job state onto an invocation state. A failed job whose attempts are exhausted is
 * dead-lettered; BullMQ moves a job that will retry to `delayed`, which reads as queued.
 */
export function invocationState(jobState: string): InvocationState {
  switch (jobState) {
    case 'active': return 'running';
    case 'completed': return 'succeeded';
    case 'failed': return 'dead-lettered';
    default: return 'queued';
  }
}

/**
 * Worker settings for function queues: short locks so an invocation held by a killed agent goes
 * back to waiting within ~lockDuration + stalledInterval (at-least-once), and generous stall
 * allowance because a stall is the agent's failure, not the handler's.
 */
export const FUNCTION_WORKER_SETTINGS = Object.freeze({
  lockDuration: 10_000,
  stalledInterval: 5_000,
  maxStalledCount: 10,
});

/** Completed invocations are kept this long (and at most this many per revision) for GetInvocation. */
export const COMPLETED_RETENTION = Object.freeze({ age: 24 * 3600, count: 100_000 });

/** The retry section of a function spec (see `@mosaic/api` functionSchema). */
export interface FunctionRetry {
  attempts: number;
  backoff: 'exponential' | 'fixed';
  delaySeconds: number;
}

/** BullMQ job options of one invocation of a revision with `retry`. Dead letters are never auto-removed. */
export function invocationJobOptions(retry: FunctionRetry, jobId: string): {
  jobId: string;
  attempts: number;
  backoff: { type: 'exponential' | 'fixed'; delay: number };
  removeOnComplete: { age: number; count: number };
  removeOnFail: false;
} {
  return {
    jobId,
    attempts: retry.attempts,
    backoff: { type: retry.backoff, delay: retry.delaySeconds * 1000 },
    removeOnComplete: { ...COMPLETED_RETENTION },
    removeOnFail: false,
  };
}
