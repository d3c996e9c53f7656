import { defineQueue, type QueueDefinition } from '../queue/queue-definition.js';
import type { JobOptions } from '../queue/job-options.js';

/**
 * A reconcile job names a key and nothing else: the processor reads the latest desired and actual
 * state itself, so a job can never act on stale state and running it twice is harmless.
 */
export interface ReconcileRequest {
  /** The workload key, `namespace/name` (see `objectKey` in @mosaic/api). */
  readonly key: string;
}

/**
 * Reconciles one key. Resolve when desired and actual state agree (or the work is handed off);
 * throw to retry with backoff. Must follow the idempotency contract of `Processor`: it runs again
 * after a change that arrived while it ran, after a retry, and after a stall.
 */
export type ReconcileProcessor = (request: ReconcileRequest) => Promise<void>;

/** Defaults of reconcile jobs, documented on {@link ReconcileQueueOptions.jobOptions}. */
export const RECONCILE_JOB_DEFAULTS: JobOptions = Object.freeze({
  attempts: 10,
  backoff: { delay: 1000, jitter: 0.2 },
  // A retained completed job would swallow the next enqueue of its key (same id), costing a
  // remove per enqueue; history lives in the workload's status instead.
  removeOnComplete: { count: 0 },
  removeOnFail: { count: 1000 },
});

/** Default queue name. */
export const RECONCILE_QUEUE_NAME = 'reconcile';

/** The reconcile queue's definition. */
export function reconcileQueueDefinition(name = RECONCILE_QUEUE_NAME, jobOptions?: JobOptions): QueueDefinition<ReconcileRequest> {
  return defineQueue<ReconcileRequest>(name, { ...RECONCILE_JOB_DEFAULTS, ...jobOptions });
}
