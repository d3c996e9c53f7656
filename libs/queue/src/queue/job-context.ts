/** What a processor sees of one run of a job. */
export interface JobContext<T extends object> {
  /** The id the job was added with (decoded: a workload key, a step id, …). */
  readonly id: string;
  /** The job's payload. */
  readonly payload: T;
  /** 1 for the first run, 2 for the first retry, … (stall recoveries do not count). */
  readonly attempt: number;
  /** Queue name. */
  readonly queue: string;
}

/**
 * Runs one job. Resolving completes it; throwing fails this attempt (retried with backoff until the
 * attempts run out).
 *
 * **Idempotency contract**: every job may run more than once — a worker killed mid-job leaves it
 * to the stalled checker, which hands it to another worker; a retry re-runs a partly done attempt;
 * a reconcile key can be re-queued after it completed. A processor must therefore make running
 * twice harmless: read the current state when it runs (not a snapshot carried in the payload),
 * compute what is missing, apply it with writes that are no-ops when already applied (deterministic
 * names, optimistic concurrency, create-if-absent), and never count on having run exactly once.
 */
export type Processor<T extends object> = (job: JobContext<T>) => Promise<void>;
