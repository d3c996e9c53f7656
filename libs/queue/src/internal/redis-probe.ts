import { Redis } from 'ioredis';
import { toClientTarget } from '../redis/redis-url.js';

/** What one probe of a Redis endpoint found. */
export type ProbeResult =
  | { state: 'ready'; pid: number; configFile: string }
  | { state: 'loading' } // up, still replaying its append-only file
  | { state: 'down'; error: string };

/**
 * Connects once (no retries, no offline queue), runs PING and `INFO server`, disconnects.
 * A LOADING reply means the server is alive but replaying its AOF.
 */
export async function probeRedis(url: string, timeoutMs: number): Promise<ProbeResult> {
  const client = new Redis(toClientTarget(url), {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    enableReadyCheck: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined); // reported through the result instead
  try {
    await client.connect();
    await client.ping();
    const info = await client.info('server');
    return { state: 'ready', pid: Number(field(info, 'process_id')), configFile: field(info, 'config_file') };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return message.startsWith('LOADING') ? { state: 'loading' } : { state: 'down', error: message };
  } finally {
    client.disconnect();
  }
}

function field(info: string, name: string): string {
  const line = info.split(/\r?\n/).find((l) => l.startsWith(`${name}:`));
  return line ? line.slice(name.length + 1).trim() : '';
}
