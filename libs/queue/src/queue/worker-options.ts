import type { ConnectionOptions } from './connection-options.js';

/** Options of {@link createWorker}. */
export interface WorkerOptions extends ConnectionOptions {
  /**
   * Jobs this worker runs at the same time.
   *
   * @defaultValue 1
   */
  concurrency?: number;
  /**
   * How long a worker's lock on a running job lasts, in milliseconds; the worker renews it at half
   * this period. When the worker dies, the lock lapses and the job counts as stalled.
   *
   * @defaultValue 30000
   */
  lockDuration?: number;
  /**
   * How often, in milliseconds, this worker looks for stalled jobs (active jobs whose lock lapsed
   * because their worker died) and moves them back to waiting, so another worker runs them.
   *
   * @defaultValue 30000
   */
  stalledInterval?: number;
  /**
   * How many times one job may be recovered from a stall before it is failed instead (a job that
   * kills its worker every time should not loop forever).
   *
   * @defaultValue 2
   */
  maxStalledCount?: number;
  /**
   * Name stored on the jobs this worker processes, for inspection.
   *
   * @defaultValue undefined
   */
  name?: string;
}
