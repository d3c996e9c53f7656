/** Exponential backoff between attempts: retry n waits `delay · 2^(n−1)` milliseconds. */
export interface BackoffOptions {
  /**
   * Base delay in milliseconds (the wait before the first retry).
   *
   * @defaultValue 1000
   */
  delay?: number;
  /**
   * Random fraction (0–1) taken off each wait, so many failing jobs do not retry in lockstep.
   *
   * @defaultValue 0
   */
  jitter?: number;
}

/** How many finished jobs to keep for inspection; older ones are removed as new ones finish. */
export interface RetentionOptions {
  /** Maximum number of jobs kept (0 removes each job as soon as it finishes). */
  count: number;
  /**
   * Maximum age in seconds of a kept job.
   *
   * @defaultValue undefined — no age limit
   */
  ageSeconds?: number;
}

/** Per-job behaviour: a queue definition sets defaults, a queue or a single add may override them. */
export interface JobOptions {
  /**
   * Total attempts, the first run included, before a job is failed for good.
   *
   * @defaultValue 3
   */
  attempts?: number;
  /**
   * Backoff between attempts (always exponential).
   *
   * @defaultValue `{ delay: 1000, jitter: 0 }`
   */
  backoff?: BackoffOptions;
  /**
   * Completed jobs to keep. While a job is kept, adding its id again is a no-op.
   *
   * @defaultValue `{ count: 1000 }`
   */
  removeOnComplete?: RetentionOptions;
  /**
   * Failed jobs to keep. While a job is kept, adding its id again is a no-op.
   *
   * @defaultValue `{ count: 5000 }`
   */
  removeOnFail?: RetentionOptions;
}

/** {@link JobOptions} with every default applied. */
export type ResolvedJobOptions = Required<Omit<JobOptions, 'backoff'>> & { backoff: Required<BackoffOptions> };

/** The library defaults, as documented on {@link JobOptions}. */
export const DEFAULT_JOB_OPTIONS: ResolvedJobOptions = Object.freeze({
  attempts: 3,
  backoff: Object.freeze({ delay: 1000, jitter: 0 }),
  removeOnComplete: Object.freeze({ count: 1000 }),
  removeOnFail: Object.freeze({ count: 5000 }),
});

/** Layers option sets over the defaults, later ones winning field by field. */
export function resolveJobOptions(...layers: (JobOptions | undefined)[]): ResolvedJobOptions {
  let out: ResolvedJobOptions = DEFAULT_JOB_OPTIONS;
  for (const layer of layers) {
    if (!layer) continue;
    out = {
      attempts: layer.attempts ?? out.attempts,
      backoff: { delay: layer.backoff?.delay ?? out.backoff.delay, jitter: layer.backoff?.jitter ?? out.backoff.jitter },
      removeOnComplete: layer.removeOnComplete ?? out.removeOnComplete,
      removeOnFail: layer.removeOnFail ?? out.removeOnFail,
    };
  }
  return out;
}
