// The function invocation API on a real control plane (private Redis, SQLite, reconciler), with
// a real BullMQ worker on each revision queue as the consumer: gRPC codes, sync and async
// invocations, idempotency, dead letters and replay, list filters, the HTTP gateway, and the
// schedule and queue triggers.
import { status } from '@grpc/grpc-js';
import { WORKLOAD_KIND, type Workload } from '@mosaic/api';
import { functionQueueConnection, functionQueueName, type InvocationPayload, type InvocationResult } from '@mosaic/queue';
import { Queue, Worker, type Job } from 'bullmq';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { ingressInvocationId } from '../../src/functions/trigger-ids.js';
import { expectStatus } from '../support/grpc-client.js';
import { startTestControlPlane, type TestControlPlane } from '../support/test-control-plane.js';
import { uniqueNamespace } from '../support/workloads.js';
import { FunctionClient } from './function-client.js';
import { until } from '../support/until.js';

interface Input {
  op?: 'echo' | 'fail' | 'sleep';
  ms?: number;
  [k: string]: unknown;
}

/** The `echo` of a handler output (JSON text). */
function echoOf(output: string): unknown {
  return (JSON.parse(output) as { echo: unknown }).echo;
}

describe('function invocation API', function () {
  this.timeout(60_000);
  let cp: TestControlPlane;
  let fns: FunctionClient;
  let redisUrl: string;
  const workers: Worker[] = [];
  const queues: Queue[] = [];
  /** Set to false to make `fail` inputs succeed (a fixed handler). */
  let broken = true;
  /** Every attempt the consumers ran: invocation id → attempts. */
  const attemptsSeen = new Map<string, number>();
  const ns = uniqueNamespace('fn');

  const handler = async (job: Job<InvocationPayload>): Promise<InvocationResult> => {
    const started = Date.now();
    attemptsSeen.set(job.id!, (attemptsSeen.get(job.id!) ?? 0) + 1);
    const input = (job.data.input ?? {}) as Input;
    if (input.op === 'fail' && broken) throw new Error(`boom on attempt ${job.attemptsMade + 1}`);
    if (input.op === 'sleep') await sleep(input.ms ?? 1000);
    return { output: { echo: input, revision: job.data.revision, trigger: job.data.trigger, timeoutMs: job.data.timeoutMs }, durationMs: Date.now() - started, instance: 'test-worker' };
  };

  /** Applies a function workload and starts a real BullMQ consumer on its first revision's queue. */
  const deploy = async (name: string, fn: Record<string, unknown> = {}): Promise<number> => {
    await cp.controlPlane.workloads.apply({
      apiVersion: 'mosaic.dev/v1', kind: 'Workload', metadata: { name, namespace: ns },
      spec: { runtime: 'function', function: { source: { path: 'index.js' }, handler: 'index.handler', trigger: { http: {} }, retry: { attempts: 2, backoff: 'fixed', delaySeconds: 0 }, timeoutSeconds: 7, ...fn } },
    });
    const revision = await until(`${name} revision`, async () => (await cp.controlPlane.store.get<Workload>(WORKLOAD_KIND, ns, name)).status?.revision);
    const worker = new Worker(functionQueueName(ns, name, revision), handler, { ...functionQueueConnection(redisUrl), concurrency: 8 });
    await worker.waitUntilReady();
    workers.push(worker);
    return revision;
  };
  const queueOf = (name: string, revision = 1) => {
    const q = new Queue(functionQueueName(ns, name, revision), functionQueueConnection(redisUrl));
    queues.push(q);
    return q;
  };
  const http = () => `http://${cp.controlPlane.httpAddress!}`;

  before(async () => {
    cp = await startTestControlPlane({ reconcile: true, httpListen: '127.0.0.1:0' });
    redisUrl = cp.controlPlane.reconciler!.redis.url;
    fns = new FunctionClient(cp.controlPlane.address);
    await deploy('echo');
  });
  after(async () => {
    fns?.close();
    await Promise.all(workers.map((w) => w.close()));
    await Promise.all(queues.map((q) => q.close()));
    await cp?.close();
  });

  describe('status codes', () => {
    it('NOT_FOUND for an unknown function and an unknown invocation', async () => {
      await expectStatus(fns.invoke({ namespace: ns, name: 'nope' }), status.NOT_FOUND, 'nope');
      await expectStatus(fns.get('i-does-not-exist'), status.NOT_FOUND, 'i-does-not-exist');
      await expectStatus(fns.list({ namespace: ns, name: 'nope' }), status.NOT_FOUND);
    });

    it('FAILED_PRECONDITION for a workload that is not a function', async () => {
      await cp.controlPlane.workloads.apply({ apiVersion: 'mosaic.dev/v1', kind: 'Workload', metadata: { name: 'svc', namespace: ns }, spec: { runtime: 'service', replicas: 0, service: { command: ['node', 'x.js'] } } });
      await expectStatus(fns.invoke({ namespace: ns, name: 'svc' }), status.FAILED_PRECONDITION, 'service', 'not function');
    });

    it('INVALID_ARGUMENT for input that is not JSON and for an unknown state filter', async () => {
      await expectStatus(fns.invoke({ namespace: ns, name: 'echo', input: '{not json' }), status.INVALID_ARGUMENT, 'input');
      await expectStatus(fns.list({ namespace: ns, name: 'echo', state: 'sleepy' }), status.INVALID_ARGUMENT, 'state');
    });

    it('DEADLINE_EXCEEDED names the invocation, which keeps running and succeeds', async () => {
      const err = await expectStatus(fns.invoke({ namespace: ns, name: 'echo', input: JSON.stringify({ op: 'sleep', ms: 1500 }) }, 800), status.DEADLINE_EXCEEDED, 'mosaic invocations get');
      const id = /invocation (i-\S+)/.exec(err.details)?.[1];
      assert.ok(id, err.details);
      const done = await until('the slow invocation to finish', async () => {
        const inv = await fns.get(id);
        return inv.state === 'succeeded' && inv;
      });
      assert.equal((echoOf(done.output) as Input).op, 'sleep');
    });
  });

  it('Invoke returns the handler output synchronously, run on the routed revision with its timeout', async () => {
    const inv = await fns.invoke({ namespace: ns, name: 'echo', input: JSON.stringify({ hello: 'world' }) });
    assert.equal(inv.state, 'succeeded');
    assert.equal(inv.attempts, 1);
    assert.equal(inv.revision, 1);
    assert.equal(inv.trigger, 'api');
    assert.equal(inv.instance, 'test-worker');
    assert.deepEqual(JSON.parse(inv.output), { echo: { hello: 'world' }, revision: 1, trigger: 'api', timeoutMs: 7000 });
    assert.ok(inv.finishedAt >= inv.acceptedAt && inv.acceptedAt !== '');
  });

  it('InvokeAsync returns an id at once; GetInvocation follows it to succeeded', async () => {
    const accepted = await fns.invokeAsync({ namespace: ns, name: 'echo', input: '[1,2,3]' });
    assert.match(accepted.id, /^i-/);
    assert.ok(['queued', 'running', 'succeeded'].includes(accepted.state), accepted.state);
    const done = await until('succeeded', async () => {
      const inv = await fns.get(accepted.id);
      return inv.state === 'succeeded' && inv;
    });
    assert.deepEqual(echoOf(done.output), [1, 2, 3]);
  });

  it('an idempotency key returns the first invocation and its result, adding no second job', async () => {
    const first = await fns.invoke({ namespace: ns, name: 'echo', input: '{"n":1}', idempotencyKey: 'order-42' });
    const counts = await queueOf('echo').getJobCounts();
    const again = await fns.invoke({ namespace: ns, name: 'echo', input: '{"n":2}', idempotencyKey: 'order-42' });
    const asyncAgain = await fns.invokeAsync({ namespace: ns, name: 'echo', input: '{"n":3}', idempotencyKey: 'order-42' });
    assert.equal(again.id, first.id);
    assert.equal(asyncAgain.id, first.id);
    assert.deepEqual(echoOf(again.output), { n: 1 });
    assert.equal(again.idempotencyKey, 'order-42');
    assert.deepEqual(await queueOf('echo').getJobCounts(), counts);
    assert.equal(attemptsSeen.get(first.id), 1);
  });

  it('a handler failing every attempt is dead-lettered with its error; RetryInvocation re-runs it', async () => {
    const failed = await fns.invoke({ namespace: ns, name: 'echo', input: '{"op":"fail"}' });
    assert.equal(failed.state, 'dead-lettered');
    assert.equal(failed.attempts, 2);
    assert.equal(failed.maxAttempts, 2);
    assert.match(failed.error, /boom on attempt 2/);
    assert.equal(attemptsSeen.get(failed.id), 2);

    const ok = await fns.invoke({ namespace: ns, name: 'echo', input: '{}' });
    await expectStatus(fns.retry(ok.id), status.FAILED_PRECONDITION, 'succeeded', 'dead-lettered');
    await expectStatus(fns.retry('i-missing'), status.NOT_FOUND);

    broken = false; // the handler is fixed
    try {
      const replayed = await fns.retry(failed.id);
      assert.equal(replayed.id, failed.id);
      assert.equal(replayed.trigger, 'replay');
      const done = await until('replay succeeded', async () => {
        const inv = await fns.get(failed.id);
        return inv.state === 'succeeded' && inv;
      });
      assert.equal(done.attempts, 1);
      assert.equal(attemptsSeen.get(failed.id), 3);
    } finally {
      broken = true;
    }
  });

  it('ListInvocations filters by state, newest first, with pages', async () => {
    await deploy('lister');
    const a = await fns.invoke({ namespace: ns, name: 'lister', input: '{"i":1}' });
    const dead = await fns.invoke({ namespace: ns, name: 'lister', input: '{"op":"fail"}' });
    const b = await fns.invoke({ namespace: ns, name: 'lister', input: '{"i":2}' });
    const all = await fns.list({ namespace: ns, name: 'lister' });
    assert.deepEqual(all.items.map((i) => i.id), [b.id, dead.id, a.id]);
    const succeeded = await fns.list({ namespace: ns, name: 'lister', state: 'succeeded' });
    assert.deepEqual(succeeded.items.map((i) => i.id), [b.id, a.id]);
    const deadLettered = await fns.list({ namespace: ns, name: 'lister', state: 'dead-lettered' });
    assert.deepEqual(deadLettered.items.map((i) => [i.id, i.state]), [[dead.id, 'dead-lettered']]);
    const page1 = await fns.list({ namespace: ns, name: 'lister', limit: 2 });
    assert.deepEqual(page1.items.map((i) => i.id), [b.id, dead.id]);
    const page2 = await fns.list({ namespace: ns, name: 'lister', limit: 2, pageToken: page1.nextPageToken });
    assert.deepEqual(page2.items.map((i) => i.id), [a.id]);
    assert.equal(page2.nextPageToken, '');
  });

  describe('HTTP gateway', () => {
    const post = (path: string, body: string, headers: Record<string, string> = {}) =>
      fetch(`${http()}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

    it('200 with the handler output', async () => {
      const res = await post(`/v1/functions/${ns}/echo`, '{"via":"http"}');
      assert.equal(res.status, 200);
      assert.match(res.headers.get('x-mosaic-invocation-id') ?? '', /^i-/);
      const body = (await res.json()) as { echo: unknown; trigger: string };
      assert.deepEqual(body.echo, { via: 'http' });
      assert.equal(body.trigger, 'http');
    });

    it('202 with the invocation id for Prefer: respond-async; Idempotency-Key repeats it', async () => {
      const res = await post(`/v1/functions/${ns}/echo`, '{"later":true}', { prefer: 'respond-async', 'idempotency-key': 'http-1' });
      assert.equal(res.status, 202);
      const { invocationId } = (await res.json()) as { invocationId: string };
      assert.match(invocationId, /^k-/);
      assert.equal(res.headers.get('location'), `/v1/invocations/${invocationId}`);
      await until('succeeded', async () => (await fns.get(invocationId)).state === 'succeeded');
      const again = await post(`/v1/functions/${ns}/echo`, '{"later":false}', { 'idempotency-key': 'http-1' });
      assert.equal(again.status, 200);
      assert.deepEqual(((await again.json()) as { echo: unknown }).echo, { later: true });
      const got = await fetch(`${http()}/v1/invocations/${invocationId}`);
      assert.equal(((await got.json()) as { state: string }).state, 'succeeded');
    });

    it('404 for an unknown function, 400 for a body that is not JSON, 413 for a huge one', async () => {
      const missing = await post(`/v1/functions/${ns}/nope`, '{}');
      assert.equal(missing.status, 404);
      assert.match(((await missing.json()) as { error: string }).error, /nope/);
      const bad = await post(`/v1/functions/${ns}/echo`, '{oops');
      assert.equal(bad.status, 400);
      assert.match(((await bad.json()) as { error: string }).error, /JSON/);
      const huge = await post(`/v1/functions/${ns}/echo`, JSON.stringify({ blob: 'x'.repeat(1_100_000) }));
      assert.equal(huge.status, 413);
    });

    it('504 with the invocation id when the result does not come in time; 502 when the handler fails', async () => {
      const slow = await post(`/v1/functions/${ns}/echo`, '{"op":"sleep","ms":2000}', { 'request-timeout': '1' });
      assert.equal(slow.status, 504);
      const body = (await slow.json()) as { error: string; invocationId: string };
      assert.match(body.invocationId, /^i-/);
      const failing = await post(`/v1/functions/${ns}/echo`, '{"op":"fail"}');
      assert.equal(failing.status, 502);
      const failure = (await failing.json()) as { error: string; attempts: number };
      assert.equal(failure.attempts, 2);
      assert.match(failure.error, /boom/);
    });

    it('serves a custom trigger path', async () => {
      const revision = await deploy('hook', { trigger: { http: { path: `/hooks/${ns}` } } });
      assert.equal(revision, 1);
      const res = await until('the custom path to be served', async () => {
        const r = await post(`/hooks/${ns}`, '{"custom":1}');
        return r.status === 200 && r;
      });
      assert.deepEqual(((await res.json()) as { echo: unknown }).echo, { custom: 1 });
    });
  });

  it('a schedule trigger invokes every tick with a deterministic id per tick', async () => {
    await deploy('ticker', { trigger: { schedule: { cron: '* * * * * *' } } });
    const ticks = await until('three ticks', async () => {
      const items = (await fns.list({ namespace: ns, name: 'ticker' })).items ?? [];
      return items.length >= 3 && items;
    }, 15_000);
    for (const t of ticks) {
      assert.equal(t.trigger, 'schedule');
      assert.match(t.id, /^s-[0-9a-f]{32}$/);
      assert.ok(typeof (JSON.parse(t.input) as { scheduledAt?: unknown }).scheduledAt === 'string');
    }
    assert.equal(new Set(ticks.map((t) => t.id)).size, ticks.length);
    // Deleting the function removes its scheduler: no more ticks.
    await cp.controlPlane.workloads.delete(ns, 'ticker');
    const schedules = new Queue('fn-schedules', functionQueueConnection(redisUrl));
    queues.push(schedules);
    await until('the scheduler to go', async () => !(await schedules.getJobSchedulers()).some((s) => s.key === `${ns}/ticker` || s.id === `${ns}/ticker`));
  });

  it('a queue trigger forwards each ingress job once, with an id derived from the job id', async () => {
    await deploy('consumer', { trigger: { queue: {} } });
    const ingressName = `fn-in.${ns}.consumer`;
    const ingress = new Queue(ingressName, functionQueueConnection(redisUrl));
    queues.push(ingress);
    await ingress.add('order', { order: 7 }, { jobId: 'order-7' });
    await ingress.add('order', { order: 7 }, { jobId: 'order-7' }); // a duplicate add: same job
    const id = ingressInvocationId(ingressName, 'order-7');
    const done = await until('the forwarded invocation', async () => {
      try {
        const inv = await fns.get(id);
        return inv.state === 'succeeded' && inv;
      } catch {
        return false;
      }
    });
    assert.equal(done.trigger, 'queue');
    assert.deepEqual(echoOf(done.output), { order: 7 });
    await sleep(300);
    const { items } = await fns.list({ namespace: ns, name: 'consumer' });
    assert.deepEqual(items.map((i) => i.id), [id]);
    assert.equal(attemptsSeen.get(id), 1);
  });

  it('counts finished invocations per revision for rollout analysis', () => {
    const stats = cp.controlPlane.functions!.stats.stats(ns, 'echo', 1);
    assert.ok(stats.invocations >= 5, JSON.stringify(stats));
    assert.ok(stats.errors >= 1 && stats.errorRate > 0 && stats.errorRate < 1, JSON.stringify(stats));
  });
});
