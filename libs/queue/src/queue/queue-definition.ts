import { InvalidArgumentError } from '@mosaic/api';
import type { JobOptions } from './job-options.js';

/**
 * A queue as a value: its name, the payload type of its jobs and their default options. Producers
 * and workers are both created from it, so they cannot disagree on the payload.
 *
 * Payloads travel as JSON: plain data only. Prefer ids over state: a processor that reads the
 * current state itself stays correct when its job runs late or twice.
 */
export interface QueueDefinition<T extends object> {
  /** BullMQ queue name (no `:`). */
  readonly name: string;
  /** Job defaults for this queue, layered over the library defaults. */
  readonly jobOptions: Readonly<JobOptions>;
  /** Type-level only: carries `T`; never set. */
  readonly payloadType?: T;
}

/** Defines a queue. `name` must be non-empty and free of `:` (BullMQ's key separator). */
export function defineQueue<T extends object>(name: string, jobOptions: JobOptions = {}): QueueDefinition<T> {
  if (!name || name.includes(':')) {
    throw new InvalidArgumentError(`invalid queue name ${JSON.stringify(name)}: non-empty, without ":"`);
  }
  return Object.freeze({ name, jobOptions: Object.freeze({ ...jobOptions }) });
}
