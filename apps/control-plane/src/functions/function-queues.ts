import {
  FUNCTION_INDEX_KEY,
  formatInvocationLocation,
  functionQueueConnection,
  functionQueueName,
  parseInvocationLocation,
  toClientTarget,
  type InvocationLocation,
  type InvocationPayload,
  type InvocationResult,
} from '@mosaic/queue';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** A revision queue of a function, as producers use it. */
export type FunctionQueue = Queue<InvocationPayload, InvocationResult>;

/** Called for every invocation that finished (succeeded, or failed with retries exhausted). */
export type FinishedListener = (location: InvocationLocation, outcome: { ok: boolean; durationMs?: number }) => void;

/**
 * The control plane's handles on function revision queues: one `Queue` and one `QueueEvents`
 * per revision queue (opened on first use and shared by every call — a QueueEvents per call
 * would be a blocking Redis connection per call), and one plain client for the invocation index.
 */
export class FunctionQueues {
  readonly #url: string;
  readonly #log: Logger;
  readonly #queues = new Map<string, FunctionQueue>();
  readonly #events = new Map<string, Promise<QueueEvents>>();
  readonly #finished = new Set<FinishedListener>();
  #pendingIndex: { fields: Map<string, string>; written: Promise<void> } | undefined;
  readonly redis: Redis;

  constructor(url: string, log: Logger) {
    this.#url = url;
    this.#log = log;
    this.redis = new Redis(toClientTarget(url), { maxRetriesPerRequest: null, lazyConnect: false });
    this.redis.on('error', (err) => log.debug({ err }, 'function index redis error'));
  }

  /** The queue of one revision. */
  queue(location: InvocationLocation): FunctionQueue {
    const name = functionQueueName(location.namespace, location.name, location.revision);
    let queue = this.#queues.get(name);
    if (!queue) {
      queue = new Queue<InvocationPayload, InvocationResult>(name, functionQueueConnection(this.#url));
      queue.on('error', (err) => this.#log.debug({ err, queue: name }, 'function queue error'));
      // Every sync invocation waiting on a job adds a 'closing' listener until it finishes: as many as calls in flight.
      queue.setMaxListeners(0);
      this.#queues.set(name, queue);
    }
    return queue;
  }

  /** The shared events of one revision queue, ready (subscribed) when the promise resolves. */
  events(location: InvocationLocation): Promise<QueueEvents> {
    const name = functionQueueName(location.namespace, location.name, location.revision);
    let events = this.#events.get(name);
    if (!events) {
      const qe = new QueueEvents(name, functionQueueConnection(this.#url));
      qe.on('error', (err) => this.#log.debug({ err, queue: name }, 'function queue events error'));
      qe.on('completed', ({ returnvalue }) => this.#emitFinished(location, { ok: true, durationMs: durationOf(returnvalue) }));
      qe.on('failed', () => this.#emitFinished(location, { ok: false }));
      events = qe.waitUntilReady().then(() => qe);
      events.catch(() => this.#events.delete(name));
      this.#events.set(name, events);
    }
    return events;
  }

  /** Subscribes to finished invocations of every queue whose events are open. */
  onFinished(listener: FinishedListener): () => void {
    this.#finished.add(listener);
    return () => this.#finished.delete(listener);
  }

  /**
   * Records which revision queue holds an invocation. Calls made in the same turn of the event
   * loop are written as one HSET (many invocations accepted at once: one command, not one each).
   */
  index(invocationId: string, location: InvocationLocation): Promise<void> {
    let batch = this.#pendingIndex;
    if (!batch) {
      const fields = new Map<string, string>();
      const written = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
        this.#pendingIndex = undefined;
        await this.redis.hset(FUNCTION_INDEX_KEY, fields);
      });
      batch = this.#pendingIndex = { fields, written };
    }
    batch.fields.set(invocationId, formatInvocationLocation(location));
    return batch.written;
  }

  /** Where an invocation lives, or undefined when the id is unknown. */
  async locate(invocationId: string): Promise<InvocationLocation | undefined> {
    const value = await this.redis.hget(FUNCTION_INDEX_KEY, invocationId);
    return value ? parseInvocationLocation(value) : undefined;
  }

  async close(): Promise<void> {
    const events = await Promise.allSettled(this.#events.values());
    await Promise.allSettled([
      ...events.map((e) => (e.status === 'fulfilled' ? e.value.close() : undefined)),
      ...[...this.#queues.values()].map((q) => q.close()),
    ]);
    this.#events.clear();
    this.#queues.clear();
    this.redis.disconnect();
  }

  #emitFinished(location: InvocationLocation, outcome: { ok: boolean; durationMs?: number }): void {
    for (const listener of this.#finished) {
      try {
        listener(location, outcome);
      } catch (err) {
        this.#log.warn({ err }, 'invocation listener failed');
      }
    }
  }
}

/** QueueEvents delivers the return value as JSON text (or already parsed, depending on the version). */
function durationOf(returnvalue: unknown): number | undefined {
  let value = returnvalue;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  const d = (value as { durationMs?: unknown } | null)?.durationMs;
  return typeof d === 'number' ? d : undefined;
}
