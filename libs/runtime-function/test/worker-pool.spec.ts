import { strict as assert } from 'node:assert';
import { EventEmitter } from 'node:events';
import { WorkerPool, type PoolThread } from '../host/worker-pool.mjs';

/** A stand-in thread: loads at once and answers only when the test says so. */
class FakeThread extends EventEmitter implements PoolThread {
  static all: FakeThread[] = [];
  received: { id: number; input: unknown }[] = [];
  terminated = false;
  constructor(loadError?: string) {
    super();
    FakeThread.all.push(this);
    setImmediate(() => this.emit('message', loadError ? { type: 'load-error', error: { name: 'Error', message: loadError } } : { type: 'ready' }));
  }
  postMessage(msg: { id: number; input: unknown }): void {
    this.received.push(msg);
  }
  terminate(): void {
    this.terminated = true;
  }
  answer(id: number, output: unknown): void {
    this.emit('message', { type: 'result', id, ok: true, output, durationMs: 1 });
  }
}

const request = (id: number, timeoutMs = 10_000) => ({ id, invocationId: `i${id}`, input: id, timeoutMs, attempt: 1 });
const tick = () => new Promise((r) => setImmediate(r));

describe('WorkerPool', () => {
  beforeEach(() => (FakeThread.all = []));

  it('runs one invocation per thread and queues the rest in order', async () => {
    const pool = new WorkerPool({ size: 2, spawn: () => new FakeThread() });
    await pool.start();
    const results = [1, 2, 3].map((id) => pool.run(request(id)));
    await tick();
    assert.deepEqual(FakeThread.all.map((t) => t.received.map((r) => r.id)), [[1], [2]]);
    assert.equal(pool.inFlight, 2);
    assert.equal(pool.queued, 1);
    FakeThread.all[1]!.answer(2, 'two');
    assert.deepEqual(await results[1], { id: 2, ok: true, output: 'two', durationMs: 1 });
    assert.deepEqual(FakeThread.all[1]!.received.map((r) => r.id), [2, 3]);
    FakeThread.all[0]!.answer(1, 'one');
    FakeThread.all[1]!.answer(3, 'three');
    assert.deepEqual((await Promise.all(results)).map((r) => r.output), ['one', 'two', 'three']);
  });

  const failures: { name: string; act: (t: FakeThread) => void; code: string; message: RegExp }[] = [
    { name: 'a thread out of memory', act: (t) => t.emit('error', Object.assign(new Error('heap'), { code: 'ERR_WORKER_OUT_OF_MEMORY' })), code: 'OutOfMemory', message: /memory limit/ },
    { name: 'a thread that throws outside the handler', act: (t) => t.emit('error', new Error('uncaught')), code: 'HandlerCrashed', message: /uncaught/ },
    { name: 'a thread that exits', act: (t) => t.emit('exit', 3), code: 'HandlerExited', message: /exit code 3/ },
  ];
  for (const tc of failures) {
    it(`${tc.name}: only its invocation fails, a fresh thread replaces it`, async () => {
      const replaced: string[] = [];
      const pool = new WorkerPool({ size: 2, spawn: () => new FakeThread(), onReplace: (r) => replaced.push(r) });
      await pool.start();
      const doomed = pool.run(request(1));
      const other = pool.run(request(2));
      await tick();
      const [first, second] = FakeThread.all;
      tc.act(first!);
      const failed = await doomed;
      assert.equal(failed.ok, false);
      assert.equal(failed.error?.code, tc.code);
      assert.match(failed.error?.message ?? '', tc.message);
      assert.ok(first!.terminated);
      assert.equal(replaced.length, 1);
      second!.answer(2, 'fine');
      assert.equal((await other).output, 'fine');
      await tick();
      assert.equal(FakeThread.all.length, 3, 'a replacement was spawned');
      const next = pool.run(request(3));
      await tick();
      FakeThread.all[2]!.answer(3, 'replacement');
      assert.equal((await next).output, 'replacement');
    });
  }

  it('fails an invocation past its timeout as DeadlineExceeded and replaces its thread', async () => {
    const pool = new WorkerPool({ size: 1, spawn: () => new FakeThread() });
    await pool.start();
    const started = Date.now();
    const late = await pool.run(request(1, 50));
    assert.ok(Date.now() - started >= 45);
    assert.deepEqual(late.error, { name: 'DeadlineExceeded', message: 'handler ran past 0.1s', code: 'DeadlineExceeded' });
    assert.ok(FakeThread.all[0]!.terminated);
    FakeThread.all[0]!.answer(1, 'too late'); // ignored: the slot moved on
    await tick();
    assert.equal(FakeThread.all.length, 2);
  });

  it('startOne() serves with one warm thread; fill() warms the rest, which then take queued work', async () => {
    const pool = new WorkerPool({ size: 3, spawn: () => new FakeThread() });
    await pool.startOne();
    assert.equal(pool.threads, 1);
    const results = [1, 2].map((id) => pool.run(request(id)));
    await tick();
    assert.deepEqual(FakeThread.all.map((t) => t.received.map((r) => r.id)), [[1]]);
    assert.equal(pool.queued, 1);
    await pool.fill();
    assert.equal(pool.threads, 3);
    assert.deepEqual(FakeThread.all.map((t) => t.received.map((r) => r.id)), [[1], [2], []]);
    FakeThread.all[0]!.answer(1, 'one');
    FakeThread.all[1]!.answer(2, 'two');
    assert.deepEqual((await Promise.all(results)).map((r) => r.output), ['one', 'two']);
    await pool.fill();
    assert.equal(pool.threads, 3, 'fill() never grows past size');
  });

  it('startOne() and fill() reject with the module load error', async () => {
    await assert.rejects(new WorkerPool({ size: 2, spawn: () => new FakeThread('exports no function "x"') }).startOne(), /exports no function "x"/);
    let n = 0;
    const pool = new WorkerPool({ size: 2, spawn: () => new FakeThread(n++ === 0 ? undefined : 'second load failed') });
    await pool.startOne();
    await assert.rejects(pool.fill(), /second load failed/);
  });

  it('start() rejects with the module load error', async () => {
    const pool = new WorkerPool({ size: 2, spawn: () => new FakeThread('the module exports no function "x"') });
    await assert.rejects(pool.start(), /exports no function "x"/);
  });

  it('close() fails the waiting invocations and terminates every thread', async () => {
    const pool = new WorkerPool({ size: 1, spawn: () => new FakeThread() });
    await pool.start();
    void pool.run(request(1));
    const waiting = pool.run(request(2));
    await tick();
    await pool.close();
    assert.equal((await waiting).error?.code, 'HostUnavailable');
    assert.ok(FakeThread.all.every((t) => t.terminated));
  });
});
