import type { ResolveRedisOptions } from './private-redis-options.js';
import { startPrivateRedis, type PrivateRedis } from './private-redis.js';
import { toClientTarget } from './redis-url.js';

/** The environment variable naming an external Redis. */
export const REDIS_URL_ENV = 'MOSAIC_REDIS_URL';

/** The Redis the control plane uses, external or private. */
export interface ResolvedRedis {
  /** URL to hand to queues and workers. */
  readonly url: string;
  /** Where the URL came from. */
  readonly source: 'config' | 'env' | 'private';
  /** The private server when one was started (or adopted), else undefined. */
  readonly privateRedis: PrivateRedis | undefined;
  /** Stops the private server; a no-op for an external Redis, which this process does not own. */
  stop(): Promise<void>;
}

/**
 * Picks the Redis to use: the configured `url`, else `MOSAIC_REDIS_URL`, else a private
 * `redis-server` started with its data under `dataDir` (see {@link startPrivateRedis}).
 * A configured URL is only validated here, not connected to: BullMQ reconnects on its own.
 *
 * @throws InvalidRedisUrlError for a malformed configured URL.
 * @throws RedisNotInstalledError / RedisStartError when the private server is needed and cannot run.
 */
export async function resolveRedis(options: ResolveRedisOptions): Promise<ResolvedRedis> {
  const envUrl = (options.env ?? process.env)[REDIS_URL_ENV]?.trim();
  const configured = options.url?.trim() ? { url: options.url.trim(), source: 'config' as const } : undefined;
  const external = configured ?? (envUrl ? { url: envUrl, source: 'env' as const } : undefined);
  if (external) {
    toClientTarget(external.url); // validate early, with a clear error
    return { ...external, privateRedis: undefined, stop: () => Promise.resolve() };
  }
  const privateRedis = await startPrivateRedis(options);
  return { url: privateRedis.url, source: 'private', privateRedis, stop: () => privateRedis.stop() };
}
