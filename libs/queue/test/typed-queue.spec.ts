import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { createQueue, createWorker, defineQueue, scheduleAt, type JobContext, type TypedWorker, type WorkerOptions } from '../src/index.js';
import { gate, recording, spawnFixture, uniqueName, useCleanup, usePrivateRedis, waitFor } from './support/test-redis.js';

interface Step {
  readonly rollout: string;
  readonly step: number;
}

describe('typed queues (real Redis)', () => {
  const redis = usePrivateRedis();
  const cleanup = useCleanup();

  function setup<T extends object>(jobOptions = {}) {
    const def = defineQueue<T>(uniqueName('typed'), jobOptions);
    const queue = createQueue(def, { url: redis.url });
    cleanup(async () => {
      await queue.obliterate();
      await queue.close();
    });
    const worker = (processor: (job: JobContext<T>) => Promise<void>, options: Partial<WorkerOptions> = {}): TypedWorker<T> => {
      const w = createWorker(def, processor, { url: redis.url, ...options });
      cleanup(() => w.close());
      return w;
    };
    return { def, queue, worker };
  }

  it('runs a job with its typed payload; adding the same id again is a no-op', async () => {
    const { queue, worker } = setup<Step>();
    await queue.add('shop/checkout/step-1', { rollout: 'checkout', step: 1 });
    await queue.add('shop/checkout/step-1', { rollout: 'checkout', step: 99 });
    assert.equal((await queue.counts()).waiting, 1);
    const seen: JobContext<Step>[] = [];
    worker(recording((job) => void seen.push(job)));
    await waitFor(() => seen.length === 1);
    await sleep(200);
    assert.equal(seen.length, 1);
    assert.deepEqual(seen[0], { id: 'shop/checkout/step-1', payload: { rollout: 'checkout', step: 1 }, attempt: 1, queue: queue.name });
  });

  it('retries a failing processor with exponential backoff, then succeeds', async () => {
    const { queue, worker } = setup<{ n: number }>({ attempts: 4, backoff: { delay: 200 } });
    const runs: { attempt: number; at: number }[] = [];
    const events: string[] = [];
    const w = worker((job) => {
      runs.push({ attempt: job.attempt, at: Date.now() });
      return job.attempt < 3 ? Promise.reject(new Error(`transient failure ${job.attempt}`)) : Promise.resolve();
    });
    w.on('failed', (job, err, willRetry) => events.push(`failed ${job.attempt} ${err.message} retry=${willRetry}`));
    w.on('completed', (job) => events.push(`completed ${job.attempt}`));
    await queue.add('flaky', { n: 1 });
    await waitFor(() => events.includes('completed 3'));
    assert.deepEqual(runs.map((r) => r.attempt), [1, 2, 3]);
    const gaps = [runs[1]!.at - runs[0]!.at, runs[2]!.at - runs[1]!.at];
    assert.ok(gaps[0]! >= 190, `first backoff ≈ 200 ms, was ${gaps[0]}`);
    assert.ok(gaps[1]! >= 390, `second backoff ≈ 400 ms (doubled), was ${gaps[1]}`);
    assert.deepEqual(events, ['failed 1 transient failure 1 retry=true', 'failed 2 transient failure 2 retry=true', 'completed 3']);
    assert.equal(await queue.getState('flaky'), 'completed');
  });

  it('fails a job for good when its attempts run out', async () => {
    const { queue, worker } = setup<{ n: number }>({ attempts: 2, backoff: { delay: 50 } });
    const events: string[] = [];
    const w = worker(() => Promise.reject(new Error('broken')));
    w.on('failed', (job, _err, willRetry) => events.push(`${job.attempt}:${willRetry}`));
    await queue.add('doomed', { n: 1 });
    await waitFor(() => events.length === 2);
    assert.deepEqual(events, ['1:true', '2:false']);
    assert.equal(await queue.getState('doomed'), 'failed');
  });

  it('recovers a job whose worker process was kill -9ed mid-job, on another worker', async () => {
    const { queue, worker } = setup<{ n: number }>();
    const child = spawnFixture('stalling-worker.ts', [redis.url, queue.name]);
    cleanup(() => child.kill());
    assert.deepEqual(await child.next(), { event: 'ready' });
    await queue.add('long-job', { n: 7 });
    assert.deepEqual(await child.next(), { event: 'started', id: 'long-job', attempt: 1 });
    assert.equal(await queue.getState('long-job'), 'active');

    await child.kill(); // SIGKILL: no cleanup, the lock just stops being renewed
    const done: JobContext<{ n: number }>[] = [];
    const stalled: string[] = [];
    const w = worker(recording((job) => void done.push(job)), { lockDuration: 1000, stalledInterval: 300 });
    w.on('stalled', (id) => stalled.push(id));
    await waitFor(() => done.length === 1, 15_000, 'the stalled job to be picked up again');
    assert.deepEqual(done[0], { id: 'long-job', payload: { n: 7 }, attempt: 1, queue: queue.name });
    assert.deepEqual(stalled, ['long-job']);
    await waitFor(async () => (await queue.getState('long-job')) === 'completed');
  });

  describe('scheduleAt', () => {
    it('runs a delayed job once, at its time, even when scheduled twice', async () => {
      const { queue, worker } = setup<Step>();
      const runs: { at: number; payload: Step }[] = [];
      worker(recording((job) => void runs.push({ at: Date.now(), payload: job.payload })));
      const runAt = Date.now() + 700;
      assert.equal(await scheduleAt(queue, 'checkout/pause-1', { rollout: 'checkout', step: 1 }, runAt), 'scheduled');
      assert.equal(await scheduleAt(queue, 'checkout/pause-1', { rollout: 'checkout', step: 1 }, runAt), 'moved');
      assert.equal((await queue.counts()).delayed, 1);
      await waitFor(() => runs.length === 1, 5000);
      assert.ok(runs[0]!.at >= runAt - 5, `ran ${runAt - runs[0]!.at} ms early`);
      await sleep(500);
      assert.equal(runs.length, 1);
    });

    it('moves a pending job when the same id is scheduled at another time', async () => {
      const { queue, worker } = setup<Step>();
      const runs: { at: number; payload: Step }[] = [];
      worker(recording((job) => void runs.push({ at: Date.now(), payload: job.payload })));
      const start = Date.now();
      await queue.scheduleAt('checkout/pause-2', { rollout: 'checkout', step: 1 }, start + 60_000);
      assert.equal(await queue.scheduleAt('checkout/pause-2', { rollout: 'checkout', step: 2 }, new Date(start + 300)), 'moved');
      await waitFor(() => runs.length === 1, 5000);
      assert.ok(runs[0]!.at - start < 5000, 'ran at the new, earlier time');
      assert.deepEqual(runs[0]!.payload, { rollout: 'checkout', step: 2 }, 'with the latest payload');
      const counts = await queue.counts();
      assert.deepEqual([counts.delayed, counts.waiting, counts.active], [0, 0, 0], 'no second job was left behind');

      // Once finished, scheduling the id again replaces the finished job with a new run.
      assert.equal(await queue.scheduleAt('checkout/pause-2', { rollout: 'checkout', step: 3 }, Date.now()), 'scheduled');
      await waitFor(() => runs.length === 2, 5000);
    });

    it('leaves a running job alone', async () => {
      const { queue, worker } = setup<Step>();
      const hold = gate();
      let runs = 0;
      worker(async () => {
        runs++;
        await hold.promise;
      });
      await queue.scheduleAt('checkout/pause-3', { rollout: 'checkout', step: 1 }, Date.now());
      await waitFor(async () => (await queue.getState('checkout/pause-3')) === 'active');
      assert.equal(await queue.scheduleAt('checkout/pause-3', { rollout: 'checkout', step: 1 }, Date.now() + 100), 'running');
      hold.open();
      await waitFor(async () => (await queue.getState('checkout/pause-3')) === 'completed');
      await sleep(300);
      assert.equal(runs, 1);
    });
  });
});
