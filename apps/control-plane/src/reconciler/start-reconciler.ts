import { createReconcileQueue, createReconcileWorker, resolveRedis, type ReconcileQueue, type ResolvedRedis } from '@mosaic/queue';
import type { Store } from '@mosaic/store';
import { startRolloutWakeups, ROLLOUT_STEPS_QUEUE } from '../rollouts/rollout-wakeups.js';
import { FunctionAutoscaler } from '../functions/scaling/function-autoscaler.js';
import { ChangeTriggers, type Enqueue } from './change-triggers.js';
import { ReconcileController } from './reconcile-controller.js';
import type { ReconcilerOptions } from './reconciler-options.js';
import { RequeueTimers } from './requeue-timers.js';

/** The running reconcile loop of a control plane. */
export interface Reconciler {
  /** The Redis in use (private or configured). */
  readonly redis: ResolvedRedis;
  /** Producer side of the reconcile queue (inspection, tests). */
  readonly queue: ReconcileQueue;
  readonly controller: ReconcileController;
  /** Sizes `function` workloads from their queues; `poke(ns, name)` on a new invocation. */
  readonly autoscaler: FunctionAutoscaler;
  /** Enqueues every workload now; resolves with how many keys were enqueued. */
  resync(): Promise<number>;
  /** Stops watches, timers and the worker (after its running job), then the private Redis. Idempotent. */
  stop(): Promise<void>;
}

/**
 * A dead worker's job is handed on after its lock lapses; short, so a kill -9'd control plane's
 * in-flight reconcile resumes seconds after the restart rather than half a minute.
 */
const LOCK_DURATION_MS = 10_000;
const STALLED_INTERVAL_MS = 5_000;

/**
 * Wires the data path store → queue → reconciler: resolves Redis (a private `redis-server` under
 * `redisDataDir` unless a URL is configured), starts the reconcile worker, then the watches that
 * enqueue workload keys on changes, and the periodic resync.
 *
 * One job at a time (`concurrency: 1`): every placement reads the nodes' allocations from the
 * store, so two reconciles placing at once could both take the same free room. Jobs are short
 * (a few store reads and writes), and a burst of changes to one workload is one job anyway.
 *
 * @throws RedisNotInstalledError / RedisStartError / InvalidRedisUrlError when Redis is unusable.
 */
export async function startReconciler(store: Store, options: ReconcilerOptions): Promise<Reconciler> {
  const { log } = options;
  const redis = await resolveRedis({ dataDir: options.redisDataDir, ...(options.redisUrl ? { url: options.redisUrl } : {}) });
  const connection = { url: redis.url, ...(options.queueName ? { queueName: options.queueName } : {}) };
  const queue = createReconcileQueue(connection);

  const pending = new Set<Promise<unknown>>();
  const enqueue: Enqueue = (key) => {
    const p = queue.enqueue(key).catch((err: unknown) => log.warn({ err, workload: key }, 'could not enqueue a reconcile; the resync will'));
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };
  const timers = new RequeueTimers(enqueue);
  const wakeups = await startRolloutWakeups(connection, enqueue, log, options.queueName ? `${options.queueName}-${ROLLOUT_STEPS_QUEUE}` : ROLLOUT_STEPS_QUEUE);
  const controller = new ReconcileController(store, { ...options, requeueAt: (key, at) => timers.at(key, at), wakeAt: (key, at, id) => wakeups.at(key, at, id) });

  const worker = createReconcileWorker(
    async ({ key }) => {
      const outcome = await controller.reconcile(key);
      log.debug({ ...outcome }, 'reconcile done');
    },
    { ...connection, concurrency: 1, lockDuration: LOCK_DURATION_MS, stalledInterval: STALLED_INTERVAL_MS },
  );
  worker.on('failed', (key, err, willRetry) => log.warn({ err, workload: key, willRetry }, 'reconcile failed'));
  worker.on('error', (err) => log.warn({ err }, 'reconcile worker error'));
  try {
    await worker.waitUntilReady();
  } catch (err) {
    await worker.close().catch(() => undefined);
    await wakeups.close().catch(() => undefined);
    await queue.close().catch(() => undefined);
    await redis.stop();
    throw err;
  }

  const triggers = new ChangeTriggers(store, enqueue, log);
  triggers.start();
  const autoscaler = new FunctionAutoscaler(store, { redisUrl: redis.url, enqueue, log });
  controller.useFunctionTargets((key) => autoscaler.targets(key));
  autoscaler.start();
  const resync = () => triggers.enqueueAll();
  const resyncTimer = setInterval(() => {
    resync().catch((err: unknown) => log.warn({ err }, 'resync failed'));
  }, options.resyncIntervalMs ?? 30_000);
  resyncTimer.unref();
  log.info({ redis: redis.source, queue: queue.name }, 'reconciler started');

  let stopping: Promise<void> | undefined;
  return {
    redis,
    queue,
    controller,
    autoscaler,
    resync,
    stop: () =>
      (stopping ??= (async () => {
        clearInterval(resyncTimer);
        timers.clear();
        await triggers.stop();
        await autoscaler.stop();
        await worker.close();
        await wakeups.close();
        await Promise.all(pending);
        await queue.close();
        await redis.stop();
      })()),
  };
}
