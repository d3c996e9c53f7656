import type { ConnectionOptions } from './connection-options.js';
import type { JobOptions } from './job-options.js';

/** Options of {@link createQueue}. */
export interface QueueOptions extends ConnectionOptions {
  /**
   * Overrides of the queue definition's job defaults, for this producer.
   *
   * @defaultValue undefined — the definition's defaults
   */
  jobOptions?: JobOptions;
}
