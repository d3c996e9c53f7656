import type { DefaultJobOptions, KeepJobs, RedisOptions } from 'bullmq';
import type { ConnectionOptions } from '../queue/connection-options.js';
import type { ResolvedJobOptions, RetentionOptions } from '../queue/job-options.js';
import { toClientTarget } from '../redis/redis-url.js';

/** Default key prefix, documented on {@link ConnectionOptions.prefix}. */
export const DEFAULT_PREFIX = 'mosaic';

/** BullMQ connection settings: it builds its own ioredis clients from them (blocking ones included). */
export function bullConnection(options: ConnectionOptions): { connection: RedisOptions; prefix: string } {
  return { connection: { url: toClientTarget(options.url) }, prefix: options.prefix ?? DEFAULT_PREFIX };
}

export function bullJobOptions(options: ResolvedJobOptions): DefaultJobOptions {
  return {
    attempts: options.attempts,
    backoff: { type: 'exponential', delay: options.backoff.delay, jitter: options.backoff.jitter },
    removeOnComplete: keep(options.removeOnComplete),
    removeOnFail: keep(options.removeOnFail),
  };
}

function keep(retention: RetentionOptions): KeepJobs {
  return retention.ageSeconds === undefined
    ? { count: retention.count }
    : { age: retention.ageSeconds, count: retention.count };
}
