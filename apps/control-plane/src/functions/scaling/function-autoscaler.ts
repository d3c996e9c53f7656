import { INSTANCE_KIND, WORKLOAD_KIND, objectKey, type InstanceObject, type Workload } from '@mosaic/api';
import { functionQueueConnection, functionQueueName, toClientTarget } from '@mosaic/queue';
import type { Store } from '@mosaic/store';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { watchKind, type ChangeType } from '../../reconciler/watch-kind.js';
import type { FunctionAutoscalerOptions } from './autoscaler-options.js';
import { scaleFunction, type RevisionLoad, type RevisionScale } from './function-scale.js';
import { routedRevisions } from './routed-revisions.js';

/** BullMQ scores delayed jobs as `timestamp * 0x1000 + counter`. */
const DELAYED_SCORE_FACTOR = 0x1000;

interface InstanceFacts {
  owner: string;
  revision: number;
  live: boolean;
  ready: boolean;
}

interface RevisionActivity {
  lastActivityAt?: number;
  /** completed + failed at the last sample: a change means invocations finished meanwhile. */
  finished: number;
}

interface FunctionState {
  desired?: Map<number, number>;
  activity: Map<number, RevisionActivity>;
  queues: Set<string>;
}

/**
 * The I/O half of function scaling, running beside the reconciler: keeps every `function`
 * workload and its instances in memory (list-then-watch), samples the BullMQ job counts of each
 * function's revision queues every `intervalMs` (one shared Redis connection; one cached `Queue`
 * per revision queue, closed when the revision stops mattering), feeds {@link scaleFunction},
 * and when a function's desired counts change, remembers them and enqueues a reconcile, which
 * reads them through {@link targets}. `poke` evaluates one function at once (a cold start
 * should not wait for the next sample).
 *
 * Desired counts live in memory only. After a restart the first sample of a revision with live
 * instances counts as activity, so nothing is scaled down before `idleSeconds` have passed, and
 * until a function's first sample its instances are kept as they are (`targets` is undefined).
 */
export class FunctionAutoscaler {
  readonly #store: Store;
  readonly #options: FunctionAutoscalerOptions;
  readonly #log: Logger;
  readonly #now: () => number;
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #workloads = new Map<string, Workload>();
  readonly #instances = new Map<string, InstanceFacts>();
  readonly #state = new Map<string, FunctionState>();
  readonly #queues = new Map<string, Queue>();
  readonly #running = new Map<string, Promise<void>>();
  readonly #again = new Set<string>();
  readonly #abort = new AbortController();
  #loops: Promise<void>[] = [];
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(store: Store, options: FunctionAutoscalerOptions) {
    this.#store = store;
    this.#options = options;
    this.#log = options.log.child({ component: 'function-autoscaler' });
    this.#now = options.now ?? Date.now;
    this.#redis = new Redis(toClientTarget(options.redisUrl), { maxRetriesPerRequest: null });
    this.#redis.on('error', (err) => this.#log.debug({ err }, 'autoscaler redis error'));
    this.#prefix = functionQueueConnection(options.redisUrl).prefix;
  }

  start(): void {
    const { signal } = this.#abort;
    this.#loops = [
      watchKind<Workload>(this.#store, WORKLOAD_KIND, (t, w) => this.#onWorkload(t, w), signal, this.#log),
      watchKind<InstanceObject>(this.#store, INSTANCE_KIND, (t, i) => this.#onInstance(t, i), signal, this.#log),
    ];
    this.#schedule();
  }

  /** The desired instances per revision of `namespace/name`; undefined before its first sample. */
  targets(key: string): ReadonlyMap<number, number> | undefined {
    return this.#state.get(key)?.desired;
  }

  /**
   * Evaluates one function now (an invocation arrived: a cold function should start at once).
   * A function whose routed revisions all want instances already is left to the next sample:
   * under load every invocation pokes, and one evaluation per tick is enough to scale up.
   */
  poke(namespace: string, name: string): Promise<void> {
    const key = `${namespace}/${name}`;
    if (this.#warm(key)) return Promise.resolve();
    return this.#evaluate(key);
  }

  /** Evaluates every function now; resolves when done (tests, the timer). */
  async evaluateAll(): Promise<void> {
    await Promise.all([...this.#workloads.keys()].map((key) => this.#evaluate(key)));
  }

  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#abort.abort();
    await Promise.all(this.#loops);
    await Promise.all(this.#running.values());
    await Promise.all([...this.#queues.values()].map((q) => q.close().catch(() => undefined)));
    this.#queues.clear();
    this.#redis.disconnect();
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.evaluateAll()
        .catch((err: unknown) => this.#log.warn({ err }, 'function autoscaler round failed'))
        .finally(() => this.#schedule());
    }, this.#options.intervalMs ?? 500);
    this.#timer.unref();
  }

  /** Every routed revision of `key` has a positive desired count (known from a sample). */
  #warm(key: string): boolean {
    const w = this.#workloads.get(key);
    const desired = this.#state.get(key)?.desired;
    const current = w?.status?.revision ?? 0;
    if (!w || !desired || current === 0) return false;
    return routedRevisions(current, w.status?.rollout).every((r) => (desired.get(r) ?? 0) > 0);
  }

  #onWorkload(type: ChangeType, w: Workload): void {
    const key = objectKey(w.metadata);
    if (type === 'DELETED' || w.spec.runtime !== 'function' || w.metadata.deletionTimestamp) {
      if (this.#workloads.delete(key)) this.#forget(key);
      return;
    }
    const before = this.#workloads.get(key);
    this.#workloads.set(key, w);
    // A new spec or revision changes what is routed: look at once.
    if (before && (before.metadata.generation !== w.metadata.generation || before.status?.revision !== w.status?.revision)) void this.#evaluate(key);
  }

  #onInstance(type: ChangeType, i: InstanceObject): void {
    const id = objectKey(i.metadata);
    if (type === 'DELETED' || i.spec.runtime !== 'function') {
      this.#instances.delete(id);
      return;
    }
    const state = i.status?.state ?? 'Pending';
    this.#instances.set(id, {
      owner: `${i.metadata.namespace}/${i.spec.workload}`,
      revision: i.spec.revision,
      live: !i.metadata.deletionTimestamp && state !== 'Stopped' && state !== 'Succeeded' && state !== 'Failed',
      ready: !i.metadata.deletionTimestamp && state === 'Running',
    });
  }

  #forget(key: string): void {
    const st = this.#state.get(key);
    this.#state.delete(key);
    for (const name of st?.queues ?? []) this.#closeQueue(name);
  }

  /** Runs one evaluation of `key` at a time; a request while one runs runs once more after it. */
  #evaluate(key: string): Promise<void> {
    const running = this.#running.get(key);
    if (running) {
      this.#again.add(key);
      return running;
    }
    const p = this.#evaluateOnce(key)
      .catch((err: unknown) => this.#log.warn({ err, workload: key }, 'could not evaluate function scale'))
      .finally(() => {
        this.#running.delete(key);
        if (this.#again.delete(key) && !this.#stopped) void this.#evaluate(key);
      });
    this.#running.set(key, p);
    return p;
  }

  async #evaluateOnce(key: string): Promise<void> {
    const w = this.#workloads.get(key);
    const fn = w?.spec.function;
    const current = w?.status?.revision ?? 0;
    if (!w || !fn || current === 0 || this.#stopped) return;
    const st: FunctionState = this.#state.get(key) ?? { activity: new Map(), queues: new Set() };
    this.#state.set(key, st);

    const live = new Map<number, { live: number; ready: number }>();
    for (const facts of this.#instances.values()) {
      if (facts.owner !== key || !facts.live) continue;
      const c = live.get(facts.revision) ?? { live: 0, ready: 0 };
      c.live++;
      if (facts.ready) c.ready++;
      live.set(facts.revision, c);
    }
    const routed = routedRevisions(current, w.status?.rollout);
    const previous = st.desired;
    const revisions = new Set([...routed, ...live.keys(), ...[...(previous ?? [])].filter(([, n]) => n > 0).map(([r]) => r)]);

    const now = this.#now();
    const loads = await Promise.all([...revisions].map((revision) => this.#sample(w, revision, live.get(revision), st, now)));
    if (this.#stopped || !this.#workloads.has(key)) return;

    const scales = scaleFunction({ revisions: loads, routed, spec: fn, now, ...(previous ? { previous } : {}) });
    const desired = new Map(scales.map((s) => [s.revision, s.desired]));
    this.#retireQueues(st, w, revisions);
    if (previous && sameCounts(previous, desired)) return;
    st.desired = desired;
    this.#log.info({ workload: key, desired: describe(scales) }, 'function scale changed');
    this.#options.enqueue(key);
  }

  async #sample(w: Workload, revision: number, live: { live: number; ready: number } | undefined, st: FunctionState, now: number): Promise<RevisionLoad> {
    const queue = this.#queue(w, revision);
    st.queues.add(queue.name);
    const counts = await queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed');
    const n = (k: string) => counts[k] ?? 0;
    const waiting = n('waiting') + n('prioritized');
    const delayed = n('delayed');
    const active = n('active');
    const finished = n('completed') + n('failed');
    const liveCount = live?.live ?? 0;

    let activity = st.activity.get(revision);
    if (!activity) {
      // First sight (also after a restart): running instances count as just active.
      activity = { finished, ...(liveCount > 0 || waiting + active > 0 ? { lastActivityAt: now } : {}) };
      st.activity.set(revision, activity);
    } else if (waiting + active > 0 || finished !== activity.finished) {
      activity.lastActivityAt = now;
      activity.finished = finished;
    }
    const nextDelayedAt = delayed > 0 ? await this.#nextDelayedAt(queue) : undefined;
    return {
      revision, waiting, delayed, active, liveInstances: liveCount, readyInstances: live?.ready ?? 0,
      ...(nextDelayedAt !== undefined ? { nextDelayedAt } : {}),
      ...(activity.lastActivityAt !== undefined ? { lastActivityAt: activity.lastActivityAt } : {}),
    };
  }

  async #nextDelayedAt(queue: Queue): Promise<number | undefined> {
    const first = await this.#redis.zrange(queue.keys.delayed ?? '', '0', '0', 'WITHSCORES');
    const score = Number(first[1]);
    return Number.isFinite(score) ? Math.floor(score / DELAYED_SCORE_FACTOR) : undefined;
  }

  #queue(w: Workload, revision: number): Queue {
    const name = functionQueueName(w.metadata.namespace, w.metadata.name, revision);
    let queue = this.#queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.#redis, prefix: this.#prefix });
      queue.on('error', (err) => this.#log.debug({ err, queue: name }, 'function queue error'));
      this.#queues.set(name, queue);
    }
    return queue;
  }

  /** Closes the cached queues of revisions that no longer matter (not routed, not running, not wanted). */
  #retireQueues(st: FunctionState, w: Workload, keep: ReadonlySet<number>): void {
    const wanted = new Set([...keep].map((r) => functionQueueName(w.metadata.namespace, w.metadata.name, r)));
    for (const name of st.queues) {
      if (wanted.has(name)) continue;
      st.queues.delete(name);
      this.#closeQueue(name);
    }
    for (const revision of st.activity.keys()) if (!keep.has(revision)) st.activity.delete(revision);
  }

  #closeQueue(name: string): void {
    const queue = this.#queues.get(name);
    this.#queues.delete(name);
    // The connection is shared: closing a Queue handed an ioredis instance leaves it open.
    void queue?.close().catch(() => undefined);
  }
}

function sameCounts(a: ReadonlyMap<number, number>, b: ReadonlyMap<number, number>): boolean {
  const positive = (m: ReadonlyMap<number, number>) => [...m].filter(([, n]) => n > 0).sort(([x], [y]) => x - y).join(';');
  return positive(a) === positive(b);
}

function describe(scales: readonly RevisionScale[]): string {
  return scales.map((s) => `r${s.revision}=${s.desired}(${s.reason})`).join(' ');
}
