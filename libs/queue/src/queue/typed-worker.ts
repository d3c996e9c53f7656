import { EventEmitter } from 'node:events';
import { Worker, type Job } from 'bullmq';
import { bullConnection } from '../internal/bullmq-options.js';
import type { JobContext, Processor } from './job-context.js';
import { decodeJobId } from './job-id.js';
import type { QueueDefinition } from './queue-definition.js';
import type { WorkerOptions } from './worker-options.js';

/** Events of a {@link TypedWorker}. */
export interface WorkerEvents<T extends object> {
  /** A run resolved; the job is completed. */
  completed: [job: JobContext<T>];
  /** A run threw. `willRetry` says whether another attempt is scheduled (after backoff). */
  failed: [job: JobContext<T>, error: Error, willRetry: boolean];
  /** A job whose worker died was found by this worker's stalled checker and moved back to waiting. */
  stalled: [id: string];
  /**
   * Connection or internal error. Emitted only while someone listens: BullMQ reconnects by itself,
   * and an unobserved Redis hiccup must not crash the process.
   */
  error: [error: Error];
}

/** Default worker settings, as documented on {@link WorkerOptions}. */
export const DEFAULT_WORKER_OPTIONS = Object.freeze({
  concurrency: 1,
  lockDuration: 30_000,
  stalledInterval: 30_000,
  maxStalledCount: 2,
});

/**
 * Consumer side of one queue: runs `processor` for each job, with retries and exponential backoff
 * as the job's options say, and BullMQ's stalled-job checker on, so a job whose worker process died
 * mid-run is handed to another worker (see the idempotency contract on {@link Processor}).
 */
export class TypedWorker<T extends object> extends EventEmitter<WorkerEvents<T>> {
  readonly name: string;
  /** The underlying BullMQ worker. */
  readonly bull: Worker<T, void>;

  constructor(definition: QueueDefinition<T>, processor: Processor<T>, options: WorkerOptions) {
    super();
    this.name = definition.name;
    this.bull = new Worker<T, void>(definition.name, (job) => processor(toContext(job, job.attemptsMade + 1)), {
      ...bullConnection(options),
      name: options.name,
      concurrency: options.concurrency ?? DEFAULT_WORKER_OPTIONS.concurrency,
      lockDuration: options.lockDuration ?? DEFAULT_WORKER_OPTIONS.lockDuration,
      stalledInterval: options.stalledInterval ?? DEFAULT_WORKER_OPTIONS.stalledInterval,
      maxStalledCount: options.maxStalledCount ?? DEFAULT_WORKER_OPTIONS.maxStalledCount,
    });
    // After a run BullMQ has counted it: attemptsMade is then the number of the run that ended.
    this.bull.on('completed', (job) => this.emit('completed', toContext(job, job.attemptsMade)));
    this.bull.on('failed', (job, error) => {
      // Without a job (it was removed meanwhile) there is nothing a listener could act on.
      // finishedOn is set only when the job moved to the failed set for good.
      if (job) this.emit('failed', toContext(job, job.attemptsMade), error, job.finishedOn === undefined);
    });
    this.bull.on('stalled', (jobId) => this.emit('stalled', decodeJobId(jobId)));
    this.bull.on('error', (error) => {
      if (this.listenerCount('error') > 0) this.emit('error', error);
    });
  }

  /** Resolves once the worker is connected and fetching jobs. */
  async waitUntilReady(): Promise<void> {
    await this.bull.waitUntilReady();
  }

  /** Stops fetching jobs, waits for running ones to finish, disconnects. */
  async close(): Promise<void> {
    await this.bull.close();
  }
}

/** Creates a worker that runs `processor` for every job of the queue. */
export function createWorker<T extends object>(
  definition: QueueDefinition<T>,
  processor: Processor<T>,
  options: WorkerOptions,
): TypedWorker<T> {
  return new TypedWorker(definition, processor, options);
}

function toContext<T extends object>(job: Job<T, void>, attempt: number): JobContext<T> {
  return {
    id: decodeJobId(job.id ?? ''),
    payload: job.data,
    attempt,
    queue: job.queueName,
  };
}
