import { isAbsolute } from 'node:path';
import { InvalidRedisUrlError } from '../errors/invalid-redis-url-error.js';

/**
 * Formats the URL of a Redis unix socket: `unix:///abs/path/redis.sock`. This is the form
 * {@link startPrivateRedis} returns and {@link toClientTarget} accepts.
 */
export function unixSocketUrl(socketPath: string): string {
  return `unix://${encodeURI(socketPath)}`;
}

/**
 * Turns a Mosaic Redis URL into what ioredis (and BullMQ's `connection.url`) takes as its first
 * argument: `redis://` and `rediss://` URLs pass through; `unix://` / `redis+unix://` URLs and bare
 * absolute paths become a socket path (ioredis treats a string starting with `/` as one). A query
 * (`?db=2`) is kept.
 *
 * @throws InvalidRedisUrlError for anything else.
 */
export function toClientTarget(url: string): string {
  const trimmed = url.trim();
  if (isAbsolute(trimmed)) return trimmed;
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    throw new InvalidRedisUrlError(url);
  }
  switch (parsed.protocol) {
    case 'redis:':
    case 'rediss:':
      if (!parsed.hostname) throw new InvalidRedisUrlError(url);
      return trimmed;
    case 'unix:':
    case 'redis+unix:': {
      // unix:///path has an empty host; unix://localhost/path is accepted too.
      if (parsed.hostname && parsed.hostname !== 'localhost') throw new InvalidRedisUrlError(url);
      const path = decodeURIComponent(parsed.pathname);
      if (!isAbsolute(path) || path === '/') throw new InvalidRedisUrlError(url);
      return path + parsed.search;
    }
    default:
      throw new InvalidRedisUrlError(url);
  }
}
