// The durable half of a timed pause: a BullMQ delayed job on the rollout-steps queue (a private
// Redis here). A wake-up scheduled by one control plane fires in the next one, on time; the same
// id scheduled twice is one job, moved to the latest time.
import { startPrivateRedis, type PrivateRedis } from '@mosaic/queue';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { startRolloutWakeups } from '../../src/rollouts/rollout-wakeups.js';
import { tempDir } from '../support/test-control-plane.js';

describe('rollout wake-ups (BullMQ delayed jobs)', function () {
  this.timeout(30_000);
  const dir = tempDir('mosaic-wakeups-');
  const log = pino({ level: 'silent' });
  let redis: PrivateRedis;
  before(async () => {
    redis = await startPrivateRedis({ dataDir: dir.path });
  });
  after(async () => {
    await redis?.stop();
    dir.remove();
  });

  it('a wake-up scheduled before a restart fires after it, at its time', async () => {
    const queueName = `wake-${process.pid}-a`;
    const fired: { key: string; at: number }[] = [];
    const first = await startRolloutWakeups({ url: redis.url }, () => assert.fail('the first process must not fire it'), log, queueName);
    const at = Date.now() + 1500;
    first.at('shop/web', at, 'shop/web@2/1');
    await first.close(); // the control plane goes away; the job stays in Redis

    const second = await startRolloutWakeups({ url: redis.url }, (key) => fired.push({ key, at: Date.now() }), log, queueName);
    try {
      await sleep(2500);
      assert.equal(fired.length, 1, JSON.stringify(fired));
      assert.equal(fired[0]!.key, 'shop/web');
      assert.ok(fired[0]!.at >= at, `fired ${at - fired[0]!.at} ms early`);
      assert.ok(fired[0]!.at - at < 1000, `fired ${fired[0]!.at - at} ms late`);
    } finally {
      await second.close();
    }
  });

  it('the same id twice is one job, at the later time', async () => {
    const queueName = `wake-${process.pid}-b`;
    const fired: number[] = [];
    const wakeups = await startRolloutWakeups({ url: redis.url }, () => fired.push(Date.now()), log, queueName);
    try {
      const start = Date.now();
      wakeups.at('shop/web', start + 400, 'shop/web@2/1');
      await sleep(150); // the first schedule has landed in Redis
      wakeups.at('shop/web', start + 900, 'shop/web@2/1');
      await sleep(1600);
      assert.equal(fired.length, 1);
      assert.ok(fired[0]! - start >= 900, `fired after ${fired[0]! - start} ms`);
    } finally {
      await wakeups.close();
    }
  });
});
