import { randomUUID } from 'node:crypto';
import { InternalError } from '@mosaic/api';
import { ReconcileScripts } from '../internal/reconcile-scripts.js';
import { decodeJobId, encodeJobId } from '../queue/job-id.js';
import { TypedQueue, type JobCounts, type JobState } from '../queue/typed-queue.js';
import type { ReconcileQueueOptions } from './reconcile-options.js';
import { RECONCILE_QUEUE_NAME, reconcileQueueDefinition, type ReconcileRequest } from './reconcile-request.js';

/**
 * What {@link ReconcileQueue.enqueue} did:
 * - `added` — no job for the key existed; one is waiting now.
 * - `coalesced` — a job for the key is already waiting (or delayed for a retry); it will read the
 *   latest state when it runs, so this change needs nothing more.
 * - `marked-dirty` — the key's job is running and may have read the state before this change;
 *   exactly one more run follows when it finishes.
 */
export type EnqueueOutcome = 'added' | 'coalesced' | 'marked-dirty';

const MAX_ENQUEUE_ROUNDS = 5;

/**
 * Producer side of the reconcile queue, with the semantics of a Kubernetes workqueue on BullMQ:
 *
 * - **One job per key.** The job id is the workload key (`namespace/name`, see {@link encodeJobId}),
 *   so any number of changes to a workload while its job waits collapse into that one job — BullMQ
 *   ignores an add whose id exists.
 * - **No change is lost while a key is being processed.** A job that is already running may have
 *   read the state before the change, and BullMQ would ignore the add (the id exists). So enqueue
 *   first looks at the key's job in one Lua script, atomic with BullMQ's own: if it is active, the
 *   script sets the key's *dirty marker* in the same step. The worker checks the marker after
 *   BullMQ has moved the job out of the active list, and if it is set, enqueues the key again —
 *   one more run, however many changes arrived meanwhile. The marker is set before the job leaves
 *   the active list, and checked after, so the two cannot miss each other. A worker that dies
 *   between finishing and checking leaves the marker behind; every worker sweeps orphaned markers
 *   at start and periodically.
 * - **Never two runs of a key at once**: one job id means one job, running on one worker.
 * - **Retries with exponential backoff**; a job waiting out its backoff still absorbs new changes.
 * - **Jobs carry the key only** ({@link ReconcileRequest}); see the idempotency contract on
 *   `Processor`.
 *
 * BullMQ's own `deduplication: { keepLastIfActive }` option gives the same collapse/one-more-run
 * behaviour, but only for jobs with generated ids: its add script drops an add whose custom job id
 * exists before deduplication is consulted, so it cannot be combined with job id = workload key.
 */
export class ReconcileQueue {
  readonly name: string;
  /** The typed queue underneath (inspection, tests). */
  readonly queue: TypedQueue<ReconcileRequest>;
  private readonly scripts: ReconcileScripts;

  constructor(options: ReconcileQueueOptions) {
    this.name = options.queueName ?? RECONCILE_QUEUE_NAME;
    const definition = reconcileQueueDefinition(this.name, options.jobOptions);
    this.queue = new TypedQueue(definition, options);
    this.scripts = new ReconcileScripts(options, this.name);
  }

  /** Asks for `key` to be reconciled (again). Safe to call any number of times, from any process. */
  async enqueue(key: string): Promise<EnqueueOutcome> {
    const jobId = encodeJobId(key);
    for (let round = 0; round < MAX_ENQUEUE_ROUNDS; round++) {
      switch (await this.scripts.classify(jobId, randomUUID())) {
        case 'active':
          return 'marked-dirty';
        case 'pending':
          return 'coalesced';
        case 'absent':
          // If another producer adds the same id first, BullMQ keeps theirs: that job becomes
          // active only after this change was written, so it reads it. Nothing is lost either way.
          await this.queue.bull.add(this.name, { key }, { jobId });
          return 'added';
        case 'finished':
          // A retained failed (or completed) run would swallow the add: drop the record first.
          await this.queue.bull.remove(jobId);
          break;
      }
    }
    throw new InternalError(`could not enqueue reconcile of ${JSON.stringify(key)}: its job kept changing state`);
  }

  /** State of `key`'s job, or undefined when none exists. */
  state(key: string): Promise<JobState | undefined> {
    return this.queue.getState(key);
  }

  /** Whether a change arrived while `key`'s job was running and its extra run is still owed. */
  async isDirty(key: string): Promise<boolean> {
    return (await this.scripts.dirtyToken(encodeJobId(key))) !== undefined;
  }

  /** Jobs per state. */
  counts(): Promise<JobCounts> {
    return this.queue.counts();
  }

  /** Deletes the queue, its jobs and its dirty markers (tests, teardown). */
  async obliterate(): Promise<void> {
    await this.queue.obliterate();
    await this.scripts.clearAll();
  }

  async close(): Promise<void> {
    await Promise.all([this.queue.close(), this.scripts.close()]);
  }

  /**
   * Worker side of the dirty-marker protocol: after `key`'s job left the active list, re-enqueue it
   * if it was marked meanwhile, then clear the marker that was read (a newer one stays). Returns
   * what the re-enqueue did, or undefined when the key was not dirty.
   *
   * @internal used by {@link ReconcileWorker}
   */
  async settle(key: string, token?: string): Promise<EnqueueOutcome | undefined> {
    const jobId = encodeJobId(key);
    const marker = token ?? (await this.scripts.dirtyToken(jobId));
    if (marker === undefined) return undefined;
    // Crash-safe order: enqueue, then clear. A crash in between leaves a marker on a queued key,
    // which costs at most one extra (harmless) run.
    const outcome = await this.enqueue(key);
    await this.scripts.clearDirty(jobId, marker);
    return outcome;
  }

  /**
   * Settles every key with a dirty marker whose job is not running: markers orphaned by a worker
   * that died between finishing a job and settling it. Returns the keys enqueued again.
   *
   * @internal used by {@link ReconcileWorker}
   */
  async sweepDirty(): Promise<{ key: string; outcome: EnqueueOutcome }[]> {
    const requeued: { key: string; outcome: EnqueueOutcome }[] = [];
    for (const [jobId, token] of await this.scripts.dirtyMarkers()) {
      const key = decodeJobId(jobId);
      // A key whose job is running keeps its marker: enqueue re-marks it (new token) and only the
      // old token is cleared.
      const outcome = await this.settle(key, token);
      if (outcome && outcome !== 'marked-dirty') requeued.push({ key, outcome });
    }
    return requeued;
  }
}

/** Creates the producer side of the reconcile queue. */
export function createReconcileQueue(options: ReconcileQueueOptions): ReconcileQueue {
  return new ReconcileQueue(options);
}
