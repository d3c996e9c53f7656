import type { InvocationState, InvocationTrigger } from '@mosaic/queue';

/** One invocation as the API reports it (mirrors `mosaic.v1.Invocation`). */
export interface Invocation {
  id: string;
  namespace: string;
  name: string;
  revision: number;
  state: InvocationState;
  attempts: number;
  maxAttempts: number;
  /** The handler's input (JSON value). */
  input: unknown;
  /** The handler's output (JSON value), once succeeded. */
  output?: unknown;
  /** The last failed attempt's error. */
  error?: string;
  trigger: InvocationTrigger;
  idempotencyKey?: string;
  acceptedAt: string;
  startedAt?: string;
  finishedAt?: string;
  instance?: string;
  durationMs?: number;
}

/** Every state a filter may name. */
export const INVOCATION_STATES: readonly InvocationState[] = ['queued', 'running', 'succeeded', 'failed', 'dead-lettered'];

/** What a producer (gRPC, HTTP gateway, triggers) asks for. */
export interface InvokeRequest {
  namespace: string;
  name: string;
  /** JSON value, already parsed. */
  input: unknown;
  idempotencyKey?: string;
  trigger: InvocationTrigger;
  /** Use this id instead of deriving one (schedule ticks, queue-ingress jobs). */
  invocationId?: string;
}

/** Emitted for every accepted invocation (the autoscaler scales a cold function from zero on it). */
export interface InvocationEvent {
  namespace: string;
  name: string;
  revision: number;
  invocationId: string;
  /** False when an idempotency key found an existing invocation. */
  created: boolean;
}
