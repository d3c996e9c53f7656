import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { LatestPerKeyQueue } from './latest-per-key-queue.js';

describe('LatestPerKeyQueue', () => {
  it('handles values of a key in order, one at a time, skipping superseded ones', async () => {
    const handled: string[] = [];
    let active = 0;
    const q = new LatestPerKeyQueue<number>(async (key, v) => {
      assert.equal(++active, 1, 'one at a time per key');
      await sleep(10);
      handled.push(`${key}:${v}`);
      active--;
    }, () => assert.fail('no errors expected'));
    q.push('a', 1);
    q.push('a', 2); // waits
    q.push('a', 3); // supersedes 2
    await q.idle();
    assert.deepEqual(handled, ['a:1', 'a:3']);
  });

  it('reports failures and goes on', async () => {
    const errors: string[] = [];
    const q = new LatestPerKeyQueue<number>((_k, v) => (v === 1 ? Promise.reject(new Error('one')) : Promise.resolve()), (err, key) => errors.push(`${key}:${(err as Error).message}`));
    q.push('k', 1);
    await q.idle();
    q.push('k', 2);
    await q.idle();
    assert.deepEqual(errors, ['k:one']);
  });
});
