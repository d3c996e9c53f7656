import { EventEmitter } from 'node:events';
import { TypedWorker } from '../queue/typed-worker.js';
import type { ReconcileWorkerOptions } from './reconcile-options.js';
import { ReconcileQueue, type EnqueueOutcome } from './reconcile-queue.js';
import { reconcileQueueDefinition, type ReconcileProcessor } from './reconcile-request.js';

/** Events of a {@link ReconcileWorker}. */
export interface ReconcileWorkerEvents {
  /** A run for `key` completed. */
  reconciled: [key: string];
  /** A run for `key` threw; `willRetry` says whether another attempt follows after backoff. */
  failed: [key: string, error: Error, willRetry: boolean];
  /** `key` was enqueued again because it changed while its job ran (or its marker was orphaned). */
  requeued: [key: string, outcome: EnqueueOutcome];
  /** `key`'s job was found stalled (its worker died) and moved back to waiting. */
  stalled: [key: string];
  /** Connection or bookkeeping error; emitted only while someone listens. */
  error: [error: Error];
}

const DEFAULT_DIRTY_SWEEP_INTERVAL_MS = 30_000;

/**
 * Consumer side of the reconcile queue (see {@link ReconcileQueue} for the semantics): runs the
 * processor with `{ key }`, settles the key's dirty marker after each run, and sweeps markers
 * orphaned by dead workers. Any number of workers, in any processes, may serve one queue.
 */
export class ReconcileWorker extends EventEmitter<ReconcileWorkerEvents> {
  readonly name: string;
  /** Producer used to re-enqueue dirty keys; also handy for the owner. */
  readonly queue: ReconcileQueue;
  private readonly worker: TypedWorker<{ key: string }>;
  private readonly pending = new Set<Promise<unknown>>();
  private readonly sweepTimer: NodeJS.Timeout;

  constructor(processor: ReconcileProcessor, options: ReconcileWorkerOptions) {
    super();
    this.queue = new ReconcileQueue(options);
    this.name = this.queue.name;
    // The processor gets the key only, never the BullMQ job.
    this.worker = new TypedWorker(reconcileQueueDefinition(this.name, options.jobOptions), (job) => processor({ key: job.payload.key }), options);
    this.worker.on('completed', (job) => {
      this.emit('reconciled', job.payload.key);
      this.track(this.settle(job.payload.key));
    });
    this.worker.on('failed', (job, error, willRetry) => {
      this.emit('failed', job.payload.key, error, willRetry);
      // A retry re-reads the state anyway; a final failure must still honour a change made meanwhile.
      this.track(this.settle(job.payload.key));
    });
    this.worker.on('stalled', (key) => this.emit('stalled', key));
    this.worker.on('error', (error) => this.reportError(error));

    this.track(this.sweep());
    this.sweepTimer = setInterval(() => this.track(this.sweep()), options.dirtySweepIntervalMs ?? DEFAULT_DIRTY_SWEEP_INTERVAL_MS);
    this.sweepTimer.unref();
  }

  /** Resolves once the worker is connected and fetching jobs. */
  async waitUntilReady(): Promise<void> {
    await this.worker.waitUntilReady();
  }

  /** Stops fetching, waits for running jobs and their settling, disconnects. */
  async close(): Promise<void> {
    clearInterval(this.sweepTimer);
    await this.worker.close();
    while (this.pending.size) await Promise.all(this.pending);
    await this.queue.close();
  }

  private async settle(key: string): Promise<void> {
    const outcome = await this.queue.settle(key);
    if (outcome) this.emit('requeued', key, outcome);
  }

  private async sweep(): Promise<void> {
    for (const { key, outcome } of await this.queue.sweepDirty()) this.emit('requeued', key, outcome);
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch((err: unknown) => this.reportError(err instanceof Error ? err : new Error(String(err))));
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
  }

  private reportError(error: Error): void {
    if (this.listenerCount('error') > 0) this.emit('error', error);
  }
}

/** Creates a reconcile worker. */
export function createReconcileWorker(processor: ReconcileProcessor, options: ReconcileWorkerOptions): ReconcileWorker {
  return new ReconcileWorker(processor, options);
}
