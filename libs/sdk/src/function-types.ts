import type { RequestOptions } from './mosaic-client-types.js';

/** Where an invocation is: waiting (or delayed), running, done, failed with a retry pending, or out of retries. */
export type InvocationState = 'queued' | 'running' | 'succeeded' | 'failed' | 'dead-lettered';

/** How an invocation arrived. */
export type InvocationTrigger = 'api' | 'http' | 'queue' | 'schedule' | 'replay';

/** One invocation of a function. */
export interface Invocation<Output = unknown> {
  id: string;
  namespace: string;
  name: string;
  /** The revision whose code runs (ran) it. */
  revision: number;
  state: InvocationState;
  /** Attempts made so far. */
  attempts: number;
  /** Attempts allowed (`retry.attempts`). */
  maxAttempts: number;
  input: unknown;
  /** The handler's result, once succeeded. */
  output?: Output;
  /** The last failed attempt's error (a dead-lettered invocation's reason). */
  error?: string;
  trigger: InvocationTrigger;
  idempotencyKey?: string;
  /** RFC 3339 timestamps. */
  acceptedAt: string;
  startedAt?: string;
  finishedAt?: string;
  /** The instance that ran the successful attempt. */
  instance?: string;
  /** The successful attempt's run time in the handler. */
  durationMs?: number;
}

export interface InvokeOptions extends RequestOptions {
  /** @defaultValue 'default' */
  namespace?: string;
  /**
   * A repeated key returns the first invocation (and, for `invoke`, its result) instead of
   * running again. Give one whenever a retried call must not run the handler twice.
   * @defaultValue none
   */
  idempotencyKey?: string;
}

export interface ListInvocationsOptions extends RequestOptions {
  /** @defaultValue 'default' */
  namespace?: string;
  /** @defaultValue every state */
  state?: InvocationState;
  /** Page size. @defaultValue 100 */
  limit?: number;
  /** `nextPageToken` of the previous page. */
  pageToken?: string;
}

export interface InvocationPage {
  /** Newest first. */
  items: Invocation[];
  /** Present when more invocations exist. */
  nextPageToken?: string;
}
