import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import {
  createReconcileQueue,
  createReconcileWorker,
  encodeJobId,
  toClientTarget,
  type EnqueueOutcome,
  type ReconcileProcessor,
  type ReconcileQueue,
  type ReconcileRequest,
  type ReconcileWorker,
  type ReconcileWorkerOptions,
} from '../src/index.js';
import { gate, recording, spawnFixture, uniqueName, useCleanup, usePrivateRedis, waitFor } from './support/test-redis.js';

describe('reconcile queue (real Redis)', () => {
  const redis = usePrivateRedis();
  const cleanup = useCleanup();

  function setup() {
    const queueName = uniqueName('reconcile');
    const queue = createReconcileQueue({ url: redis.url, queueName });
    cleanup(async () => {
      await queue.obliterate();
      await queue.close();
    });
    const worker = (processor: ReconcileProcessor, options: Partial<ReconcileWorkerOptions> = {}): ReconcileWorker => {
      const w = createReconcileWorker(processor, { url: redis.url, queueName, ...options });
      cleanup(() => w.close());
      return w;
    };
    return { queue, worker };
  }

  /** Waits until nothing is queued, running or owed for the queue. */
  async function settled(queue: ReconcileQueue, keys: string[]): Promise<void> {
    await waitFor(async () => {
      const c = await queue.counts();
      if (c.waiting + c.delayed + c.active + c.prioritized > 0) return false;
      for (const key of keys) if (await queue.isDirty(key)) return false;
      return true;
    }, 15_000, 'the queue to settle');
  }

  it('collapses 100 changes to one waiting key into one run', async () => {
    const { queue, worker } = setup();
    const outcomes: EnqueueOutcome[] = [];
    for (let i = 0; i < 100; i++) outcomes.push(await queue.enqueue('shop/checkout'));
    assert.deepEqual(outcomes, ['added', ...Array<EnqueueOutcome>(99).fill('coalesced')]);
    assert.equal((await queue.counts()).waiting, 1);
    assert.equal(await queue.state('shop/checkout'), 'waiting');

    const requests: ReconcileRequest[] = [];
    worker(recording((request) => void requests.push(request)));
    await waitFor(() => requests.length === 1);
    await settled(queue, ['shop/checkout']);
    await sleep(300);
    assert.deepEqual(requests, [{ key: 'shop/checkout' }], 'one run, given the key only');
    assert.equal(await queue.state('shop/checkout'), undefined, 'completed reconcile jobs are not retained');
  });

  it('runs exactly once more when changes arrive while the key is being reconciled', async () => {
    const { queue, worker } = setup();
    const first = gate();
    const runs: number[] = [];
    const requeued: string[] = [];
    const w = worker(async () => {
      runs.push(Date.now());
      if (runs.length === 1) await first.promise;
    });
    w.on('requeued', (key, outcome) => requeued.push(`${key}:${outcome}`));

    assert.equal(await queue.enqueue('shop/cart'), 'added');
    await waitFor(() => runs.length === 1);
    for (let i = 0; i < 5; i++) assert.equal(await queue.enqueue('shop/cart'), 'marked-dirty');
    assert.equal(await queue.isDirty('shop/cart'), true);
    assert.equal(runs.length, 1, 'no second run while the first is active');

    first.open();
    await waitFor(() => runs.length === 2);
    await settled(queue, ['shop/cart']);
    await sleep(300);
    assert.equal(runs.length, 2);
    assert.deepEqual(requeued, ['shop/cart:added']);
  });

  it('processes every one of 3 interleaved keys after its last change, never one key twice at once', async () => {
    const { queue, worker } = setup();
    const keys = ['shop/a', 'shop/b', 'billing/c'];
    const running = new Set<string>();
    const starts = new Map<string, number[]>(keys.map((k) => [k, []]));
    const overlaps: string[] = [];
    worker(
      async ({ key }) => {
        if (running.has(key)) overlaps.push(key);
        running.add(key);
        starts.get(key)!.push(Date.now());
        await sleep(5 + Math.random() * 10);
        running.delete(key);
      },
      { concurrency: 3 },
    );

    const lastChange = new Map<string, number>();
    const outcomes = new Set<EnqueueOutcome>();
    for (let round = 0; round < 40; round++) {
      for (const key of [...keys].sort(() => Math.random() - 0.5)) {
        lastChange.set(key, Date.now()); // the change is committed before the enqueue call
        outcomes.add(await queue.enqueue(key));
      }
      if (round % 4 === 3) await sleep(Math.random() * 20); // bursts, then pauses
    }
    await settled(queue, keys);

    assert.deepEqual(overlaps, [], 'a key never runs on two workers at once');
    for (const key of keys) {
      const last = Math.max(...starts.get(key)!);
      assert.ok(last >= lastChange.get(key)!, `${key}: a run started after its last change`);
    }
    assert.ok(outcomes.has('coalesced') || outcomes.has('marked-dirty'), 'bursts hit queued or running jobs');
    const total = [...starts.values()].reduce((n, s) => n + s.length, 0);
    assert.ok(total < 120, `changes were collapsed (${total} runs for 120 changes)`);
  });

  it('retries a failing reconcile with backoff, then succeeds; a change during backoff costs no extra run', async () => {
    const { queue, worker } = setup();
    const attempts: number[] = [];
    worker(({ key }) => {
      attempts.push(Date.now());
      return attempts.length < 3 ? Promise.reject(new Error(`${key} not ready`)) : Promise.resolve();
    });
    // The default backoff starts at 1 s; a producer may set faster ones for the jobs it adds.
    const fast = createReconcileQueue({ url: redis.url, queueName: queue.name, jobOptions: { backoff: { delay: 150, jitter: 0 } } });
    cleanup(() => fast.close());
    assert.equal(await fast.enqueue('shop/flaky'), 'added');
    await waitFor(async () => (await fast.state('shop/flaky')) === 'delayed');
    assert.equal(await fast.enqueue('shop/flaky'), 'coalesced', 'a job waiting out its backoff absorbs the change');

    await waitFor(() => attempts.length === 3, 10_000);
    await settled(queue, ['shop/flaky']);
    await sleep(300);
    assert.equal(attempts.length, 3);
    assert.ok(attempts[1]! - attempts[0]! >= 140, 'first retry after ≈150 ms');
    assert.ok(attempts[2]! - attempts[1]! >= 290, 'second retry after ≈300 ms');
  });

  it('re-runs a key whose job failed for good when it changes again', async () => {
    const { queue, worker } = setup();
    let runs = 0;
    const failed: boolean[] = [];
    const once = createReconcileQueue({ url: redis.url, queueName: queue.name, jobOptions: { attempts: 1 } });
    cleanup(() => once.close());
    const w = worker(() => (++runs === 1 ? Promise.reject(new Error('permanent')) : Promise.resolve()));
    w.on('failed', (_key, _err, willRetry) => failed.push(willRetry));
    await once.enqueue('shop/broken');
    await waitFor(async () => (await queue.state('shop/broken')) === 'failed');
    assert.deepEqual(failed, [false]);
    assert.equal(await queue.enqueue('shop/broken'), 'added', 'the retained failed job does not swallow the change');
    await waitFor(() => runs === 2);
  });

  it('keeps a change made while the key ran on a worker that was kill -9ed: recovered run, then one more', async () => {
    const { queue, worker } = setup();
    const child = spawnFixture('stalling-reconcile-worker.ts', [redis.url, queue.name]);
    cleanup(() => child.kill());
    assert.deepEqual(await child.next(), { event: 'ready' });
    await queue.enqueue('shop/orders');
    assert.deepEqual(await child.next(), { event: 'started', key: 'shop/orders' });
    assert.equal(await queue.enqueue('shop/orders'), 'marked-dirty');
    await child.kill();

    const runs: string[] = [];
    const stalled: string[] = [];
    const w = worker(recording(({ key }) => void runs.push(key)), { lockDuration: 1000, stalledInterval: 300 });
    w.on('stalled', (key) => stalled.push(key));
    await waitFor(() => runs.length === 2, 15_000, 'the recovered run and the extra run');
    await settled(queue, ['shop/orders']);
    await sleep(300);
    assert.deepEqual(runs, ['shop/orders', 'shop/orders']);
    assert.deepEqual(stalled, ['shop/orders']);
  });

  it('re-queues a key whose dirty marker was orphaned by a dead worker', async () => {
    const { queue, worker } = setup();
    // A worker that died between finishing the job and settling its marker leaves just this behind.
    const client = new Redis(toClientTarget(redis.url));
    cleanup(() => client.quit());
    await client.hset(`mosaic:${queue.name}:mosaic-dirty`, encodeJobId('shop/orphan'), 'token-of-a-dead-worker');
    assert.equal(await queue.isDirty('shop/orphan'), true);

    const requests: string[] = [];
    worker(recording(({ key }) => void requests.push(key)));
    await waitFor(() => requests.length === 1, 5000);
    assert.deepEqual(requests, ['shop/orphan']);
    await settled(queue, ['shop/orphan']);
  });

  it('makes running a job twice harmless: the processor reads the latest state and converges', async () => {
    const { queue, worker } = setup();
    // Stand-ins for the store (desired) and the cluster (actual): the processor reads both when it runs.
    const desired = new Map([['shop/api', 1]]);
    const actual = new Map<string, number>();
    const applied: string[] = [];
    const reads: (number | undefined)[] = [];
    const hold = gate();
    worker(async ({ key }) => {
      const want = desired.get(key);
      reads.push(want);
      await hold.promise; // the state may change after it was read, as it can in real life
      if (want !== undefined && actual.get(key) !== want) {
        actual.set(key, want);
        applied.push(`${key}=${want}`);
      }
    });
    await queue.enqueue('shop/api');
    await waitFor(() => reads.length === 1);
    desired.set('shop/api', 2); // changed after the running job read it
    assert.equal(await queue.enqueue('shop/api'), 'marked-dirty');
    hold.open();
    await settled(queue, ['shop/api']);
    assert.deepEqual(actual.get('shop/api'), 2, 'the extra run caught up with the change');

    // Running it again with nothing changed does nothing.
    assert.equal(await queue.enqueue('shop/api'), 'added');
    await settled(queue, ['shop/api']);
    assert.deepEqual(applied, ['shop/api=1', 'shop/api=2']);
  });
});
