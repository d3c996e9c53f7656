import { NotFoundError, WORKLOAD_KIND, type Workload } from '@mosaic/api';
import { functionQueueConnection } from '@mosaic/queue';
import type { Store } from '@mosaic/store';
import { Queue, Worker, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { watchKind, type ChangeType } from '../reconciler/watch-kind.js';
import type { Invoker } from './invoker.js';
import { ingressInvocationId, ingressQueueName, SCHEDULE_QUEUE, scheduleInvocationId, schedulerId } from './trigger-ids.js';

interface ScheduleTick {
  namespace: string;
  name: string;
}

/** The trigger of one function as last seen, in a comparable form. */
interface Seen {
  schedule?: { cron: string; timezone?: string };
  ingress?: string;
  httpPath?: string;
}

/**
 * Keeps the `schedule`, `queue` and `http` triggers of function workloads in step with the
 * store (list-then-watch of Workloads):
 * - schedule: one BullMQ job scheduler per function on {@link SCHEDULE_QUEUE}; each tick is
 *   invoked async with an id derived from the tick's job id (a tick seen twice runs once);
 * - queue: one worker per function on its ingress queue; each plain job (data = input) is
 *   forwarded as an invocation with an id derived from the ingress job id;
 * - http: the custom paths the HTTP gateway answers besides `/v1/functions/{ns}/{name}`.
 */
export class FunctionTriggers {
  readonly #store: Store;
  readonly #invoker: Invoker;
  readonly #url: string;
  readonly #log: Logger;
  readonly #seen = new Map<string, Seen>();
  readonly #ingress = new Map<string, Worker>();
  readonly #paths = new Map<string, { namespace: string; name: string }>();
  readonly #abort = new AbortController();
  readonly #schedules: Queue<ScheduleTick>;
  readonly #scheduleWorker: Worker<ScheduleTick>;
  #chain: Promise<void> = Promise.resolve();
  #watching: Promise<void> | undefined;

  constructor(store: Store, invoker: Invoker, url: string, log: Logger) {
    this.#store = store;
    this.#invoker = invoker;
    this.#url = url;
    this.#log = log.child({ component: 'function-triggers' });
    const connection = functionQueueConnection(url);
    this.#schedules = new Queue<ScheduleTick>(SCHEDULE_QUEUE, connection);
    this.#schedules.on('error', (err) => this.#log.debug({ err }, 'schedule queue error'));
    this.#scheduleWorker = new Worker<ScheduleTick>(SCHEDULE_QUEUE, (job) => this.#tick(job), { ...connection, concurrency: 8 });
    this.#scheduleWorker.on('error', (err) => this.#log.debug({ err }, 'schedule worker error'));
    this.#scheduleWorker.on('failed', (job, err) => this.#log.warn({ err, tick: job?.id }, 'schedule tick not invoked'));
  }

  /** Starts watching workloads. */
  start(): void {
    this.#watching = watchKind<Workload>(this.#store, WORKLOAD_KIND, (type, w) => this.#onChange(type, w), this.#abort.signal, this.#log);
  }

  /** The function a custom `trigger.http.path` belongs to. */
  routeFor(path: string): { namespace: string; name: string } | undefined {
    return this.#paths.get(path.replace(/\/+$/, '') || '/');
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#watching;
    await this.#chain;
    await Promise.allSettled([this.#scheduleWorker.close(), ...[...this.#ingress.values()].map((w) => w.close())]);
    await this.#schedules.close();
    this.#ingress.clear();
  }

  #onChange(type: ChangeType, workload: Workload): void {
    const { namespace, name } = workload.metadata;
    const key = schedulerId(namespace, name);
    const gone = type === 'DELETED' || workload.metadata.deletionTimestamp !== undefined || workload.spec.runtime !== 'function';
    const next: Seen = gone ? {} : seenOf(workload);
    const prev = this.#seen.get(key) ?? {};
    if (JSON.stringify(prev) === JSON.stringify(next)) return;
    if (gone) this.#seen.delete(key);
    else this.#seen.set(key, next);
    this.#chain = this.#chain
      .then(() => this.#apply(namespace, name, prev, next))
      .catch((err: unknown) => this.#log.warn({ err, workload: key }, 'could not update the function triggers'));
  }

  async #apply(namespace: string, name: string, prev: Seen, next: Seen): Promise<void> {
    const id = schedulerId(namespace, name);
    if (prev.httpPath && prev.httpPath !== next.httpPath) this.#paths.delete(prev.httpPath);
    if (next.httpPath) this.#paths.set(next.httpPath, { namespace, name });

    if (JSON.stringify(prev.schedule) !== JSON.stringify(next.schedule)) {
      if (next.schedule) {
        await this.#schedules.upsertJobScheduler(
          id,
          { pattern: next.schedule.cron, ...(next.schedule.timezone ? { tz: next.schedule.timezone } : {}) },
          { name: 'tick', data: { namespace, name }, opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } },
        );
        this.#log.info({ function: id, cron: next.schedule.cron }, 'schedule trigger set');
      } else {
        await this.#schedules.removeJobScheduler(id);
      }
    }

    if (prev.ingress !== next.ingress) {
      if (prev.ingress) {
        await this.#ingress.get(prev.ingress)?.close();
        this.#ingress.delete(prev.ingress);
      }
      if (next.ingress) this.#startIngress(namespace, name, next.ingress);
    }
  }

  #startIngress(namespace: string, name: string, queueName: string): void {
    const worker = new Worker(
      queueName,
      async (job: Job) => {
        const invocation = await this.#invoker.invokeAsync({
          namespace,
          name,
          input: job.data ?? null,
          trigger: 'queue',
          invocationId: ingressInvocationId(queueName, job.id ?? ''),
        });
        return { invocationId: invocation.id };
      },
      { ...functionQueueConnection(this.#url), concurrency: 16 },
    );
    worker.on('error', (err) => this.#log.debug({ err, queue: queueName }, 'ingress worker error'));
    worker.on('failed', (job, err) => this.#log.warn({ err, queue: queueName, job: job?.id }, 'ingress job not forwarded'));
    this.#ingress.set(queueName, worker);
  }

  async #tick(job: Job<ScheduleTick>): Promise<{ invocationId: string } | undefined> {
    const { namespace, name } = job.data;
    try {
      const invocation = await this.#invoker.invokeAsync({
        namespace,
        name,
        input: { scheduledAt: new Date(job.timestamp).toISOString() },
        trigger: 'schedule',
        invocationId: scheduleInvocationId(namespace, name, job.id ?? ''),
      });
      return { invocationId: invocation.id };
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
      // The function is gone (deleted while we were down): its schedule goes too.
      await this.#schedules.removeJobScheduler(schedulerId(namespace, name));
      return undefined;
    }
  }
}

function seenOf(workload: Workload): Seen {
  const trigger = workload.spec.function?.trigger;
  const { namespace, name } = workload.metadata;
  const seen: Seen = {};
  if (trigger?.schedule) seen.schedule = { cron: trigger.schedule.cron, ...(trigger.schedule.timezone ? { timezone: trigger.schedule.timezone } : {}) };
  if (trigger?.queue) seen.ingress = ingressQueueName(namespace, name, trigger.queue.name);
  if (trigger?.http?.path) seen.httpPath = trigger.http.path.replace(/\/+$/, '') || '/';
  return seen;
}
