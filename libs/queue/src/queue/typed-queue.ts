import { InternalError } from '@mosaic/api';
import { Queue, type Job } from 'bullmq';
import { bullConnection, bullJobOptions } from '../internal/bullmq-options.js';
import { encodeJobId } from './job-id.js';
import { resolveJobOptions, type JobOptions, type ResolvedJobOptions } from './job-options.js';
import type { QueueDefinition } from './queue-definition.js';
import type { QueueOptions } from './queue-options.js';

/** Where a job is in its life. */
export type JobState = 'waiting' | 'prioritized' | 'waiting-children' | 'delayed' | 'active' | 'completed' | 'failed';

/** Jobs per state. */
export type JobCounts = Record<JobState, number>;

/** Options of one {@link TypedQueue.add}. */
export interface AddOptions extends JobOptions {
  /**
   * Milliseconds to wait before the job may run.
   *
   * @defaultValue 0
   */
  delayMs?: number;
}

/**
 * What {@link TypedQueue.scheduleAt} did: `scheduled` — a new job; `moved` — the pending job with
 * that id now runs at the new time with the new payload; `running` — that job is running right now
 * and was left alone (schedule again after it finished to run it once more).
 */
export type ScheduleOutcome = 'scheduled' | 'moved' | 'running';

const JOB_STATES: readonly JobState[] = ['waiting', 'prioritized', 'waiting-children', 'delayed', 'active', 'completed', 'failed'];
const MAX_SCHEDULE_ROUNDS = 5;

/**
 * Producer side of one queue, typed by its definition. Every job has a caller-chosen, deterministic
 * id (see {@link encodeJobId}); adding an id that is still retained, in any state, is a no-op —
 * that is what makes producing idempotent.
 */
export class TypedQueue<T extends object> {
  readonly name: string;
  /** The underlying BullMQ queue, for what this layer does not cover (inspection, metrics). */
  readonly bull: Queue;
  /** This producer's job defaults: library, then definition, then {@link QueueOptions.jobOptions}. */
  readonly jobOptions: ResolvedJobOptions;

  constructor(definition: QueueDefinition<T>, options: QueueOptions) {
    this.name = definition.name;
    this.jobOptions = resolveJobOptions(definition.jobOptions, options.jobOptions);
    this.bull = new Queue(definition.name, { ...bullConnection(options), defaultJobOptions: bullJobOptions(this.jobOptions) });
    // Connection errors are retried by ioredis; callers see them as rejected calls.
    this.bull.on('error', () => undefined);
  }

  /** Adds job `id` unless a job with that id exists (waiting, delayed, active or retained). */
  async add(id: string, payload: T, options: AddOptions = {}): Promise<void> {
    const { delayMs, ...jobOptions } = options;
    const overrides = Object.keys(jobOptions).length ? bullJobOptions(resolveJobOptions(this.jobOptions, jobOptions)) : {};
    await this.bull.add(this.name, payload, { ...overrides, jobId: encodeJobId(id), delay: delayMs ?? 0 });
  }

  /**
   * Makes job `id` run once at `runAt`, idempotently: scheduling an id that is already pending moves
   * it (new time, new payload) instead of adding a second job; a finished job with that id is
   * replaced by a new one; a running one is left alone (`running`). A time in the past means now.
   * Concurrent calls for one id end with one job, at the time of one of them.
   */
  async scheduleAt(id: string, payload: T, runAt: Date | number): Promise<ScheduleOutcome> {
    const jobId = encodeJobId(id);
    const at = typeof runAt === 'number' ? runAt : runAt.getTime();
    for (let round = 0; round < MAX_SCHEDULE_ROUNDS; round++) {
      const job = (await this.bull.getJob(jobId)) as Job<T> | undefined;
      if (!job) {
        await this.bull.add(this.name, payload, { jobId, delay: Math.max(0, at - Date.now()) });
        return 'scheduled';
      }
      const state = await job.getState();
      try {
        if (state === 'active') return 'running';
        if (state === 'delayed' || ((state === 'waiting' || state === 'prioritized') && at <= Date.now())) {
          await job.updateData(payload);
          if (state === 'delayed') await job.changeDelay(Math.max(0, at - Date.now()));
          return 'moved';
        }
        // Waiting but now due later, or finished: replace it. remove() refuses a job a worker just
        // locked; the next round then sees it active.
        if (state !== 'unknown') await job.remove();
      } catch {
        // The job changed state under us (picked up, promoted, removed): look again.
      }
    }
    throw new InternalError(`could not schedule job ${JSON.stringify(id)} on ${this.name}: it kept changing state`);
  }

  /** State of job `id`, or undefined when there is no such job. */
  async getState(id: string): Promise<JobState | undefined> {
    const state = await this.bull.getJobState(encodeJobId(id));
    return state === 'unknown' ? undefined : state;
  }

  /** Removes job `id` unless it is running; returns whether a job was removed. */
  async remove(id: string): Promise<boolean> {
    return (await this.bull.remove(encodeJobId(id))) === 1;
  }

  /** Jobs per state. */
  async counts(): Promise<JobCounts> {
    const counts = await this.bull.getJobCounts(...JOB_STATES);
    return Object.fromEntries(JOB_STATES.map((s) => [s, counts[s] ?? 0])) as JobCounts;
  }

  /** Resolves once connected. */
  async waitUntilReady(): Promise<void> {
    await this.bull.waitUntilReady();
  }

  /** Deletes the queue and all its jobs (tests, `mosaic` teardown). */
  async obliterate(): Promise<void> {
    await this.bull.obliterate({ force: true });
  }

  /** Closes the connection; jobs stay in Redis. */
  async close(): Promise<void> {
    await this.bull.close();
  }
}

/** Creates the producer side of a queue. */
export function createQueue<T extends object>(definition: QueueDefinition<T>, options: QueueOptions): TypedQueue<T> {
  return new TypedQueue(definition, options);
}

/** Free-function form of {@link TypedQueue.scheduleAt}: run job `id` once at `runAt`. */
export function scheduleAt<T extends object>(queue: TypedQueue<T>, id: string, payload: T, runAt: Date | number): Promise<ScheduleOutcome> {
  return queue.scheduleAt(id, payload, runAt);
}
