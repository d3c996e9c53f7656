import { Redis } from 'ioredis';
import type { ConnectionOptions } from '../queue/connection-options.js';
import { toClientTarget } from '../redis/redis-url.js';
import { DEFAULT_PREFIX } from './bullmq-options.js';

/** Where a reconcile job stands, as seen atomically by {@link ReconcileScripts.classify}. */
export type KeyJobState = 'absent' | 'pending' | 'active' | 'finished';

/*
 * One atomic look at a key's job, marking it dirty when it is running. Atomic with respect to
 * BullMQ's own scripts (Redis runs one script at a time), which gives the guarantee the reconcile
 * queue is built on: a marker set here is set while the job is still in the active list, i.e.
 * before BullMQ's moveToFinished, so the worker's check after completion cannot miss it.
 *
 * KEYS: 1 job hash, 2 active list, 3 completed zset, 4 failed zset, 5 dirty hash
 * ARGV: 1 job id, 2 marker token
 */
const CLASSIFY = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 'absent' end
if redis.call('LPOS', KEYS[2], ARGV[1]) then
  redis.call('HSET', KEYS[5], ARGV[1], ARGV[2])
  return 'active'
end
if redis.call('ZSCORE', KEYS[3], ARGV[1]) or redis.call('ZSCORE', KEYS[4], ARGV[1]) then return 'finished' end
return 'pending'
`;

/* Removes a dirty marker only if it is still the one that was read (a newer one must stay). */
const CLEAR_IF_SAME = `
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('HDEL', KEYS[1], ARGV[1]) end
return 0
`;

interface ScriptCommands {
  mosaicClassify(job: string, active: string, completed: string, failed: string, dirty: string, jobId: string, token: string): Promise<string>;
  mosaicClearIfSame(dirty: string, jobId: string, token: string): Promise<number>;
}

/**
 * The reconcile queue's own Redis state next to BullMQ's: per-key dirty markers in one hash,
 * `<prefix>:<queue>:mosaic-dirty` (field = job id, value = a token naming the marking). Its key
 * cannot collide with a job's, since encoded job ids are never a bare lowercase word.
 */
export class ReconcileScripts {
  private readonly redis: Redis & ScriptCommands;
  private readonly base: string;
  private readonly dirtyKey: string;

  constructor(options: ConnectionOptions, queueName: string) {
    this.base = `${options.prefix ?? DEFAULT_PREFIX}:${queueName}`;
    this.dirtyKey = `${this.base}:mosaic-dirty`;
    this.redis = new Redis(toClientTarget(options.url), { lazyConnect: true }) as Redis & ScriptCommands;
    this.redis.on('error', () => undefined); // surfaced as rejected commands
    this.redis.defineCommand('mosaicClassify', { numberOfKeys: 5, lua: CLASSIFY });
    this.redis.defineCommand('mosaicClearIfSame', { numberOfKeys: 1, lua: CLEAR_IF_SAME });
  }

  /** Classifies job `jobId`; when it is active, records dirty marker `token` in the same step. */
  async classify(jobId: string, token: string): Promise<KeyJobState> {
    const b = this.base;
    const state = await this.redis.mosaicClassify(`${b}:${jobId}`, `${b}:active`, `${b}:completed`, `${b}:failed`, this.dirtyKey, jobId, token);
    return state as KeyJobState;
  }

  /** The current dirty marker of `jobId`, if any. */
  async dirtyToken(jobId: string): Promise<string | undefined> {
    return (await this.redis.hget(this.dirtyKey, jobId)) ?? undefined;
  }

  /** Every dirty marker: job id → token. */
  async dirtyMarkers(): Promise<Map<string, string>> {
    return new Map(Object.entries(await this.redis.hgetall(this.dirtyKey)));
  }

  /** Clears `jobId`'s marker if it still is `token`. */
  async clearDirty(jobId: string, token: string): Promise<void> {
    await this.redis.mosaicClearIfSame(this.dirtyKey, jobId, token);
  }

  /** Deletes every marker (queue teardown). */
  async clearAll(): Promise<void> {
    await this.redis.del(this.dirtyKey);
  }

  async close(): Promise<void> {
    if (this.redis.status === 'wait') return; // lazy client that never connected
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
