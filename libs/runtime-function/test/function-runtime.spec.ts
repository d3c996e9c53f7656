import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { startPrivateRedis, type PrivateRedis } from '@mosaic/queue';
import { getRuntime, renderPrometheus, type InstanceHandle } from '@mosaic/runtime';
import { FunctionRuntime, setup } from '../src/index.js';
import { functionInstance, Producer, scratch, until, untilRunning } from './helpers.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = resolve(here, '../../..');
const handlers = resolve(here, 'fixtures/handlers.mjs');
const typed = resolve(here, 'fixtures/typed.ts');
const greetWasm = resolve(repo, 'examples/functions/greet.wasm');

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('function runtime (real bubblewrap, real Redis, real BullMQ)', function () {
  this.timeout(60_000);
  let area: ReturnType<typeof scratch>;
  let redis: PrivateRedis;
  let runtime: FunctionRuntime;
  const handles: InstanceHandle[] = [];
  const producers: Producer[] = [];

  before(async function () {
    this.timeout(120_000);
    execFileSync('bash', [resolve(repo, 'tools/wasm/build.sh')], { stdio: 'inherit' });
    area = scratch();
    redis = await startPrivateRedis({ dataDir: join(area.root, 'redis') });
    runtime = new FunctionRuntime({ redisUrl: redis.url, supervision: { backoff: { initialMs: 100 }, exitPollMs: 50 }, readinessPeriodMs: 500 });
  });

  afterEach(async () => {
    await Promise.all(producers.splice(0).map((p) => p.close()));
    await Promise.all(handles.splice(0).map((h) => h.stop(1000)));
  });

  after(async () => {
    await redis?.stop();
    area?.cleanup();
  });

  async function start(section: Record<string, unknown>, memory?: string, rt = runtime) {
    const instance = functionInstance(section, memory);
    const handle = await rt.start(instance, area.ctx(instance.id));
    handles.push(handle);
    const producer = new Producer(instance, redis.url);
    producers.push(producer);
    return { instance, handle, producer };
  }

  const log = (handle: InstanceHandle) => readFileSync(handle.logs.file, 'utf8');

  it('registers as the function runtime, available with bubblewrap', async () => {
    const rt = setup({ redisUrl: redis.url });
    assert.equal(getRuntime('function'), rt);
    const availability = await rt.probe();
    assert.equal(availability.available, true);
    assert.equal(availability.details?.['sandbox'], 'bubblewrap');
  });

  it('runs a job through the handler and returns its result; env, ctx and metrics', async () => {
    const { handle, producer } = await start({ source: { path: handlers }, handler: 'handlers.echo', env: { GREETING: 'hi' } });
    await untilRunning(handle);
    assert.equal(handle.reason, 'Serving');
    const { state, job } = await producer.call({ n: 1 }, { idempotencyKey: 'key-1' });
    assert.equal(state, 'completed');
    const result = job.returnvalue;
    assert.deepEqual(result.output, { echo: { n: 1 }, ctx: { invocationId: job.data.invocationId, attempt: 1, idempotencyKey: 'key-1' }, env: 'hi' });
    assert.equal(result.instance, handle.id);
    assert.ok(result.durationMs >= 0 && result.durationMs < 1000);
    const text = renderPrometheus(handle.metrics?.() ?? []);
    assert.match(text, /^mosaic_function_invocations_total\{outcome="succeeded"\} 1$/m);
    assert.match(text, /^mosaic_function_invocation_duration_seconds_count\{outcome="succeeded"\} 1$/m);
  });

  it('a handler that throws is retried per attempts, then fails with its error', async () => {
    const { handle, producer } = await start({ source: { path: handlers }, handler: 'handlers.fail' });
    await untilRunning(handle);
    const { state, job } = await producer.call({ why: 'always' }, { retry: { attempts: 3 } });
    assert.equal(state, 'failed');
    assert.equal(job.attemptsMade, 3);
    assert.equal(job.failedReason, 'HandlerError: boom: always');
    assert.match(renderPrometheus(handle.metrics?.() ?? []), /^mosaic_function_invocations_total\{outcome="failed"\} 3$/m);
  });

  it('a handler past its timeout is stopped (its later side effect never happens), the concurrent one is unaffected', async () => {
    const { handle, producer } = await start({ source: { path: handlers }, handler: 'handlers.slow', concurrency: 2 });
    await untilRunning(handle);
    const late = await producer.invoke({ ms: 2500, marker: 'TOO-LATE' }, { timeoutMs: 1000 });
    const fine = await producer.invoke({ ms: 300, marker: 'IN-TIME' }, { timeoutMs: 1000 });
    const [lateEnd, fineEnd] = await Promise.all([producer.settle(late), producer.settle(fine)]);
    assert.equal(lateEnd.state, 'failed');
    assert.equal(lateEnd.job.failedReason, 'DeadlineExceeded: handler ran past 1s');
    assert.equal(fineEnd.state, 'completed');
    assert.deepEqual(fineEnd.job.returnvalue.output, { slept: 300 });
    await new Promise((r) => setTimeout(r, 2000)); // past the moment the stopped handler would have written
    assert.match(log(handle), /late side effect IN-TIME/);
    assert.match(log(handle), /started TOO-LATE/);
    assert.doesNotMatch(log(handle), /late side effect TOO-LATE/);
    // A fresh thread replaced the terminated one: the instance still serves two at a time.
    const again = await producer.call({ ms: 10, marker: 'AFTER' });
    assert.equal(again.state, 'completed');
    assert.match(renderPrometheus(handle.metrics?.() ?? []), /^mosaic_function_invocations_total\{outcome="timeout"\} 1$/m);
  });

  it('a handler that exhausts its memory fails alone with OutOfMemory; concurrent invocations succeed', async () => {
    const { handle, producer } = await start({ source: { path: handlers }, handler: 'handlers.hog', concurrency: 2 }, '128Mi');
    await untilRunning(handle);
    const pid = handle.pid;
    const hog = await producer.invoke({ hog: true });
    const others = await Promise.all(Array.from({ length: 4 }, () => producer.invoke({ hog: false })));
    const hogEnd = await producer.settle(hog, 30_000);
    assert.equal(hogEnd.state, 'failed');
    assert.match(hogEnd.job.failedReason ?? '', /^OutOfMemory: /);
    for (const job of others) assert.equal((await producer.settle(job)).state, 'completed');
    assert.equal(handle.pid, pid, 'the host process was not restarted');
    assert.equal(handle.restarts, 0);
    assert.equal((await producer.call({ hog: false })).state, 'completed');
  });

  it('a handler that kills its host: the host restarts, the retry succeeds; process.exit()/abort() end nothing but the invocation', async () => {
    const { handle, producer } = await start({ source: { path: handlers }, handler: 'handlers.crash' });
    await untilRunning(handle);
    const firstPid = handle.pid;
    // Attempt 1 SIGKILLs the host (and the invocation with it); BullMQ retries in the restarted host.
    const killed = await producer.call({ how: 'kill-first' }, { retry: { attempts: 3 } });
    assert.equal(killed.state, 'completed', killed.job.failedReason);
    // Attempt 2 normally; one more if a loaded machine lets a retry meet the dying host.
    assert.ok(killed.job.attemptsMade >= 2, `attempts ${killed.job.attemptsMade}`);
    assert.ok(handle.restarts >= 1, `restarts ${handle.restarts}`);
    assert.notEqual(handle.pid, firstPid);
    await untilRunning(handle);
    const pidBeforeKill = handle.pid;
    // Every attempt killing it: dead-lettered with the host's failure, the host restarted again.
    const always = await producer.call({ how: 'kill' }, { retry: { attempts: 2 } });
    assert.equal(always.state, 'failed');
    assert.match(always.job.failedReason ?? '', /^HostUnavailable: the function host went away/);
    // The job fails as the connection drops; the supervisor notices the exit up to a poll
    // (exitPollMs 50) later — give it a few, then wait for the restarted host.
    await sleep(300);
    await until(() => handle.pid !== pidBeforeKill && handle.state === 'Running', 15_000, `a restarted host (now ${handle.state}, pid ${handle.pid})`);
    const pid = handle.pid;
    const exited = await producer.call({ how: 'exit' });
    assert.equal(exited.state, 'failed');
    assert.match(exited.job.failedReason ?? '', /^HandlerExited: /);
    assert.equal(handle.pid, pid, `the host was not restarted (${handle.message ?? ''})`);
    const aborted = await producer.call({ how: 'abort' });
    assert.equal(aborted.state, 'failed');
    assert.match(aborted.job.failedReason ?? '', /^HandlerError: process.abort\(\) is not supported/);
    assert.equal((await producer.call({ how: 'none' })).state, 'completed');
    assert.equal(handle.pid, pid, 'process.exit/abort in a thread did not restart the host');
  });

  it('honours concurrency: at most `concurrency` invocations run at once in an instance', async () => {
    const { handle, producer } = await start({ source: { path: handlers }, handler: 'handlers.busy', concurrency: 3 });
    await untilRunning(handle);
    const jobs = await Promise.all(Array.from({ length: 9 }, () => producer.invoke({ ms: 300 })));
    const spans: { start: number; end: number }[] = [];
    for (const job of jobs) {
      const end = await producer.settle(job);
      assert.equal(end.state, 'completed');
      spans.push(end.job.returnvalue.output as { start: number; end: number });
    }
    // Most running at once: at each start, the spans that began by then and had not ended.
    const maxOverlap = Math.max(...spans.map((s) => spans.filter((o) => o.start <= s.start && s.start < o.end).length));
    assert.equal(maxOverlap, 3);
  });

  it('runs a TypeScript handler (transpiled by the driver)', async () => {
    const { handle, producer } = await start({ source: { path: typed }, handler: 'typed.handler' });
    await untilRunning(handle);
    const { state, job } = await producer.call({ a: 2, b: 40 });
    assert.equal(state, 'completed');
    assert.deepEqual(job.returnvalue.output, { sum: 42, attempt: 1 });
  });

  it('calls an export of a Wasm module through the ABI: JSON output, and text output as a string', async () => {
    const greet = await start({ source: { path: greetWasm }, handler: 'greet.greet' });
    const shout = await start({ source: { path: greetWasm }, handler: 'greet.shout' });
    await Promise.all([untilRunning(greet.handle), untilRunning(shout.handle)]);
    const g = await greet.producer.call({ name: 'Ada' });
    assert.equal(g.state, 'completed');
    assert.deepEqual(g.job.returnvalue.output, { greeting: 'hello', input: { name: 'Ada' }, bytes: 14 });
    const s = await shout.producer.call('quiet');
    assert.equal(s.state, 'completed');
    assert.equal(s.job.returnvalue.output, '<QUIET');
  });

  it("caps a Wasm handler's linear memory at its thread's share of resources.memory", async () => {
    const { handle, producer } = await start({ source: { path: greetWasm }, handler: 'greet.grab', concurrency: 1 }, '64Mi');
    await untilRunning(handle);
    const { state, job } = await producer.call(null);
    assert.equal(state, 'completed', job.failedReason);
    const { mib } = job.returnvalue.output as { mib: number };
    assert.ok(mib > 10 && mib <= 48, `allocated ${mib} MiB; the share of 64Mi over 1 thread is 48 MiB`);
  });

  it('keeps the handler in the sandbox: no network, source read-only, only the bound paths', async () => {
    const { handle, producer } = await start({ source: { path: handlers }, handler: 'handlers.escape' });
    await untilRunning(handle);
    const { state, job } = await producer.call(null);
    assert.equal(state, 'completed');
    const out = job.returnvalue.output as { root: string[]; write: string; net: string };
    assert.equal(out.write, 'EROFS');
    assert.notEqual(out.net, 'ok');
    assert.ok(!out.root.includes('root') && !out.root.includes('home') && out.root.includes('mosaic'), out.root.join(','));
  });

  it('function.network shares the host network: the handler reaches a host port only when declared', async () => {
    const server = createServer((socket) => socket.end());
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      const port = (server.address() as AddressInfo).port;
      const results: Record<string, string> = {};
      for (const network of [false, true]) {
        const { handle, producer } = await start({ source: { path: handlers }, handler: 'handlers.connect', network });
        await untilRunning(handle);
        const { state, job } = await producer.call({ port });
        assert.equal(state, 'completed', job.failedReason);
        results[String(network)] = (job.returnvalue.output as { net: string }).net;
      }
      assert.equal(results['true'], 'ok');
      assert.notEqual(results['false'], 'ok');
    } finally {
      server.close();
    }
  });

  it('waits Pending (QueueUnavailable) until the Redis URL is known, then serves', async () => {
    const rt = new FunctionRuntime({ supervision: { backoff: { initialMs: 100 } }, readinessPeriodMs: 500 });
    const { handle, producer } = await start({ source: { path: handlers }, handler: 'handlers.echo' }, undefined, rt);
    await until(() => handle.reason === 'QueueUnavailable', 15_000, 'QueueUnavailable');
    assert.equal(handle.state, 'Pending');
    const job = await producer.invoke('queued before the URL');
    rt.setRedisUrl(redis.url);
    await untilRunning(handle);
    const end = await producer.settle(job);
    assert.equal(end.state, 'completed');
    assert.deepEqual((end.job.returnvalue.output as { echo: unknown }).echo, 'queued before the URL');
  });

  it('detach leaves the host running; adopt re-attaches to it and serves the next invocation', async () => {
    const { instance, handle, producer } = await start({ source: { path: handlers }, handler: 'handlers.echo' });
    await untilRunning(handle);
    assert.equal((await producer.call(1)).state, 'completed');
    const record = handle.record();
    const pid = handle.pid!;
    handle.detach();
    handles.splice(handles.indexOf(handle), 1);
    assert.ok(isAlive(pid), 'the host outlives the detached handle');
    const adopter = new FunctionRuntime({ redisUrl: redis.url, supervision: { exitPollMs: 50 } });
    const adopted = await adopter.adopt(record, area.ctx(instance.id));
    assert.ok(adopted);
    handles.push(adopted);
    await untilRunning(adopted);
    assert.equal(adopted.pid, pid);
    const { state, job } = await producer.call(2);
    assert.equal(state, 'completed');
    assert.deepEqual((job.returnvalue.output as { echo: unknown }).echo, 2);
    await adopted.stop(2000);
    assert.equal(adopted.state, 'Stopped');
    await until(() => !isAlive(pid), 5000, 'the host to exit');
  });

  it('a handler module that does not load crash-loops with the reason in its message', async () => {
    const { handle } = await start({ source: { path: handlers }, handler: 'handlers.nope' });
    await until(() => /exports no function "nope"/.test(handle.message ?? ''), 15_000, `the load error (now ${handle.state}: ${handle.message ?? ''})`);
    assert.equal(handle.state, 'Starting');
    assert.ok(['BackOff', 'CrashLoopBackOff'].includes(handle.reason ?? ''), handle.reason);
  });

  it('a source whose sha256 does not match fails without running', async () => {
    const { handle } = await start({ source: { path: handlers, sha256: '0'.repeat(64) }, handler: 'handlers.echo' });
    assert.equal(handle.state, 'Failed');
    assert.equal(handle.reason, 'ChecksumMismatch');
  });

  it('runs examples/functions/echo.js as examples/function-echo.yaml declares it', async () => {
    const { handle, producer } = await start({ source: { path: resolve(repo, 'examples/functions/echo.js') }, handler: 'echo.handler', concurrency: 10 });
    await untilRunning(handle);
    const { state, job } = await producer.call({ hello: 'world' });
    assert.equal(state, 'completed');
    assert.deepEqual((job.returnvalue.output as { echo: unknown }).echo, { hello: 'world' });
  });
});
