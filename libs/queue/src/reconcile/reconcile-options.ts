import type { ConnectionOptions } from '../queue/connection-options.js';
import type { JobOptions } from '../queue/job-options.js';
import type { WorkerOptions } from '../queue/worker-options.js';

/** Options of {@link createReconcileQueue}. */
export interface ReconcileQueueOptions extends ConnectionOptions {
  /**
   * BullMQ queue name.
   *
   * @defaultValue 'reconcile'
   */
  queueName?: string;
  /**
   * Job options of reconcile jobs, over {@link RECONCILE_JOB_DEFAULTS}. The producer and the worker
   * should agree; the producer's apply.
   *
   * @defaultValue {@link RECONCILE_JOB_DEFAULTS}: 10 attempts, backoff 1 s · 2^n (≈ 8.5 min in
   * all), completed jobs removed at once, the last 1000 failed ones kept
   */
  jobOptions?: JobOptions;
}

/** Options of {@link createReconcileWorker}. */
export interface ReconcileWorkerOptions extends ReconcileQueueOptions, Omit<WorkerOptions, keyof ConnectionOptions> {
  /**
   * How often, in milliseconds, the worker re-queues keys whose dirty marker was orphaned (a worker
   * died between finishing a job and re-queuing its key). Also done once at start.
   *
   * @defaultValue 30000
   */
  dirtySweepIntervalMs?: number;
}
