import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import {
  InvalidRedisUrlError,
  RedisNotInstalledError,
  RedisStartError,
  resolveRedis,
  startPrivateRedis,
  toClientTarget,
  type PrivateRedis,
} from '../src/index.js';
import { spawnFixture } from './support/test-redis.js';

/** Live and not a zombie (an orphaned server is reaped by whoever adopted it, maybe late). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] !== 'Z';
  } catch {
    return false;
  }
}

async function withClient<T>(url: string, fn: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis(toClientTarget(url), { maxRetriesPerRequest: 1 });
  try {
    return await fn(client);
  } finally {
    client.disconnect();
  }
}

describe('private redis', () => {
  let root = '';
  const started: PrivateRedis[] = [];
  const start = async (...args: Parameters<typeof startPrivateRedis>) => {
    const redis = await startPrivateRedis(...args);
    started.push(redis);
    return redis;
  };

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'mosaic-private-redis-'));
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((r) => r.stop()));
    await rm(root, { recursive: true, force: true });
  });

  it('starts on a unix socket with AOF and noeviction, and stops', async () => {
    const dataDir = join(root, 'redis');
    const redis = await start({ dataDir });
    assert.match(redis.url, /^unix:\/\/\/.*\/redis\.sock$/);
    assert.equal(redis.reused, false);
    const config = await withClient(redis.url, async (c) => ({
      appendonly: (await c.config('GET', 'appendonly'))[1],
      appendfsync: (await c.config('GET', 'appendfsync'))[1],
      policy: (await c.config('GET', 'maxmemory-policy'))[1],
      port: (await c.config('GET', 'port'))[1],
      dir: (await c.config('GET', 'dir'))[1],
    }));
    assert.deepEqual(config, { appendonly: 'yes', appendfsync: 'everysec', policy: 'noeviction', port: '0', dir: redis.dataDir });

    await redis.stop();
    assert.equal(alive(redis.pid), false);
    assert.equal(existsSync(join(dataDir, 'redis.sock')), false);
    await redis.stop(); // idempotent
  });

  it('adopts the server left running by a control plane that was kill -9ed', async () => {
    const dataDir = join(root, 'redis');
    const controlPlane = spawnFixture('hold-private-redis.ts', [dataDir]);
    const first = await controlPlane.next<{ url: string; pid: number }>();
    await withClient(first.url, (c) => c.set('survivor', 'yes'));
    await controlPlane.kill(); // kill -9: no cleanup ran
    assert.ok(alive(first.pid), 'the orphaned redis-server keeps running');

    const second = await start({ dataDir });
    assert.equal(second.reused, true);
    assert.equal(second.pid, first.pid);
    assert.equal(second.url, first.url);
    assert.equal(await withClient(second.url, (c) => c.get('survivor')), 'yes');

    await second.stop();
    assert.equal(alive(first.pid), false, 'stop() also ends an adopted server');
  });

  it('restarts from the AOF after redis itself was kill -9ed (stale pid file and socket)', async () => {
    const dataDir = join(root, 'redis');
    const first = await start({ dataDir });
    await withClient(first.url, (c) => c.set('job', 'queued'));
    process.kill(first.pid, 'SIGKILL');
    while (alive(first.pid)) await new Promise((r) => setTimeout(r, 10));
    assert.ok(existsSync(join(dataDir, 'redis.pid')), 'stale pid file left behind');

    const second = await start({ dataDir });
    assert.equal(second.reused, false);
    assert.notEqual(second.pid, first.pid);
    assert.equal(await withClient(second.url, (c) => c.get('job')), 'queued', 'data survived through the AOF');
  });

  it('replaces an old server of the same dir that no longer answers', async () => {
    const dataDir = join(root, 'redis');
    const first = await start({ dataDir });
    await withClient(first.url, (c) => c.set('k', 'v'));
    process.kill(first.pid, 'SIGSTOP'); // hung: accepts connections, never answers

    const second = await start({ dataDir, startTimeoutMs: 1500, stopTimeoutMs: 300 });
    assert.equal(second.reused, false);
    assert.equal(alive(first.pid), false, 'the hung server was killed');
    assert.equal(await withClient(second.url, (c) => c.get('k')), 'v');
  });

  it('never signals an unrelated process named by a stale pid file', async () => {
    const dataDir = join(root, 'redis');
    await mkdir(dataDir, { recursive: true });
    await writeFile(join(dataDir, 'redis.pid'), `${process.pid}\n`);
    await writeFile(join(dataDir, 'private-redis.json'), JSON.stringify({ url: 'redis://127.0.0.1:1', pid: process.pid }));
    const redis = await start({ dataDir });
    assert.equal(redis.reused, false);
    assert.notEqual(redis.pid, process.pid);
  });

  it('listens on 127.0.0.1 when a port is given, or when the socket path would be too long', async () => {
    const withPort = await start({ dataDir: join(root, 'a'), port: await freePort() });
    assert.match(withPort.url, /^redis:\/\/127\.0\.0\.1:\d+$/);
    const longDir = join(root, 'x'.repeat(60), 'y'.repeat(60));
    const longPath = await start({ dataDir: longDir });
    assert.match(longPath.url, /^redis:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(await withClient(longPath.url, (c) => c.ping()), 'PONG');
  });

  it('fails with the log tail when redis-server cannot start', async () => {
    const blocker = await listen();
    try {
      const port = (blocker.address() as { port: number }).port;
      await assert.rejects(start({ dataDir: join(root, 'redis'), port, startTimeoutMs: 5000 }), (err: unknown) => {
        assert.ok(err instanceof RedisStartError);
        assert.equal(err.code, 'UNAVAILABLE');
        assert.match(err.logTail, /address already in use|Could not create server TCP listening socket/i);
        return true;
      });
    } finally {
      blocker.close();
    }
  });

  it('names the apt package when redis-server is not on PATH', async () => {
    const path = process.env['PATH'];
    process.env['PATH'] = join(root, 'empty-bin');
    try {
      await assert.rejects(start({ dataDir: join(root, 'redis') }), (err: unknown) => {
        assert.ok(err instanceof RedisNotInstalledError);
        assert.equal(err.code, 'FAILED_PRECONDITION');
        assert.match(err.message, /apt-get install redis-server/);
        return true;
      });
    } finally {
      process.env['PATH'] = path;
    }
  });

  describe('resolveRedis', () => {
    it('uses the configured URL over MOSAIC_REDIS_URL, without starting anything', async () => {
      const resolved = await resolveRedis({
        dataDir: join(root, 'unused'),
        url: 'redis://10.0.0.1:6379',
        env: { MOSAIC_REDIS_URL: 'redis://10.0.0.2:6379' },
      });
      assert.deepEqual([resolved.url, resolved.source, resolved.privateRedis], ['redis://10.0.0.1:6379', 'config', undefined]);
      assert.equal(existsSync(join(root, 'unused')), false);
      await resolved.stop();
    });

    it('uses MOSAIC_REDIS_URL when nothing is configured', async () => {
      const resolved = await resolveRedis({ dataDir: join(root, 'unused'), env: { MOSAIC_REDIS_URL: 'unix:///run/redis.sock' } });
      assert.deepEqual([resolved.url, resolved.source], ['unix:///run/redis.sock', 'env']);
    });

    it('rejects a malformed URL', async () => {
      await assert.rejects(resolveRedis({ dataDir: root, env: { MOSAIC_REDIS_URL: 'http://x' } }), InvalidRedisUrlError);
    });

    it('starts the private server when no URL is set, and stops it', async () => {
      const resolved = await resolveRedis({ dataDir: join(root, 'redis'), env: {} });
      assert.equal(resolved.source, 'private');
      assert.ok(resolved.privateRedis);
      assert.equal(await withClient(resolved.url, (c) => c.ping()), 'PONG');
      await resolved.stop();
      assert.equal(alive(resolved.privateRedis.pid), false);
    });
  });
});

function listen(): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

async function freePort(): Promise<number> {
  const server = await listen();
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}
