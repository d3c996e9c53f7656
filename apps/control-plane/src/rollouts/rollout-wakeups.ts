import { createQueue, createWorker, defineQueue, type ConnectionOptions } from '@mosaic/queue';
import type { Logger } from 'pino';

/** Payload of a rollout wake-up: the workload to reconcile. */
export interface RolloutWakeup {
  key: string;
}

/** The rollout-steps queue: one delayed job per timed rollout event (pause end, analysis, deadline). */
export const ROLLOUT_STEPS_QUEUE = 'rollout-steps';

/** Durable timers for rollouts. */
export interface RolloutWakeups {
  /** Reconcile `key` at `atMs`: job `id` (deterministic per workload and step) is added or moved. */
  at(key: string, atMs: number, id: string): void;
  close(): Promise<void>;
}

/**
 * Timed pauses as BullMQ delayed jobs: the job only wakes the reconciler (the pause's end time is
 * in `status.rollout`), so a control plane killed mid-pause resumes at the same step with the same
 * remaining time — the job is still in Redis, and the first resync after a restart re-reads the
 * state anyway.
 */
export async function startRolloutWakeups(connection: ConnectionOptions, enqueue: (key: string) => void, log: Logger, queueName = ROLLOUT_STEPS_QUEUE): Promise<RolloutWakeups> {
  const definition = defineQueue<RolloutWakeup>(queueName, { removeOnComplete: { count: 0 }, removeOnFail: { count: 0 } });
  const queue = createQueue(definition, connection);
  const worker = createWorker(definition, ({ payload }) => {
    enqueue(payload.key);
    return Promise.resolve();
  }, { ...connection, concurrency: 1 });
  worker.on('error', (err) => log.warn({ err }, 'rollout wake-up worker error'));
  await worker.waitUntilReady();
  const pending = new Set<Promise<unknown>>();
  return {
    at(key, atMs, id) {
      const p = queue.scheduleAt(id, { key }, atMs).catch((err: unknown) => log.warn({ err, workload: key }, 'could not schedule a rollout wake-up; the resync will'));
      pending.add(p);
      void p.finally(() => pending.delete(p));
    },
    async close() {
      await Promise.all(pending);
      await worker.close();
      await queue.close();
    },
  };
}
