// Issue-level function tests: the control-plane bin (reconciler, private Redis, function
// autoscaler, FunctionService) and real agent processes running the function driver (handlers in
// bubblewrap), with fixtures/handlers.mjs as the code. Side effects are lines handlers append to
// /mosaic/sock/effects.log inside their sandbox — the instance's socket dir on the host, under the
// agent's state dir — which the test reads from outside.
import { status as grpcStatus } from '@grpc/grpc-js';
import type { Workload } from '@mosaic/api';
import type { pb } from '@mosaic/proto';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PipelineCluster } from '../pipeline/support/pipeline-cluster.js';
import { uniqueNamespace } from '../support/workloads.js';
import { fnCall, functionClient, listAll, type FunctionClient, type Invocation } from './support/function-client.js';

/** Relative to the agents' --base-dir (the repository root). */
const HANDLERS = 'apps/control-plane/test/functions/fixtures/handlers.mjs';
const TERMINAL = new Set(['succeeded', 'dead-lettered']);

interface FnOptions {
  concurrency?: number;
  scale?: { min?: number; max?: number; idleSeconds?: number };
  timeoutSeconds?: number;
  retry?: { attempts?: number; backoff?: string; delaySeconds?: number };
  env?: Record<string, string>;
  memory?: string;
}

/** Every file named `name` under `dir`, recursively. */
function findFiles(dir: string, name: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findFiles(path, name));
    else if (entry.name === name) out.push(path);
  }
  return out;
}

describe('functions end to end (control-plane bin, private Redis, agent processes)', function () {
  this.timeout(240_000);
  const cluster = new PipelineCluster({ heartbeatTimeoutSeconds: 2, nodeLostGraceSeconds: 1, resyncIntervalSeconds: 2 });
  const ns = uniqueNamespace('fne2e');
  const labels = { pool: ns };
  let fns: FunctionClient;

  before(async () => {
    await cluster.start();
    await cluster.startAgent('fn-a1', labels);
    fns = functionClient(cluster.address);
  });
  after(async () => {
    fns?.close();
    await cluster.close();
  });

  const workload = (name: string, handler: string, o: FnOptions = {}): pb.Workload => ({
    apiVersion: 'mosaic.dev/v1',
    kind: 'Workload',
    metadata: { name, namespace: ns },
    spec: {
      runtime: 'function',
      function: {
        source: { path: HANDLERS },
        handler: `handlers.${handler}`,
        trigger: { queue: {} },
        concurrency: o.concurrency ?? 10,
        scale: { min: 0, max: 3, idleSeconds: 60, ...o.scale },
        timeoutSeconds: o.timeoutSeconds ?? 30,
        retry: { attempts: 3, backoff: 'fixed', delaySeconds: 0, ...o.retry },
        ...(o.env ? { env: o.env } : {}),
      },
      resources: { cpu: '50m', memory: o.memory ?? '256Mi' },
      placement: { nodeSelector: labels },
    },
  });

  /** Applies a function and waits for its revision (`revision` when re-applied). */
  async function deploy(name: string, handler: string, o: FnOptions = {}, revision = 1): Promise<void> {
    await cluster.apply(workload(name, handler, o));
    await cluster.until(`${name} at revision ${revision}`, async () => ((await cluster.get(ns, name))?.status?.revision ?? 0) >= revision);
  }

  const invokeAsync = (name: string, input: unknown, idempotencyKey = '') =>
    fnCall(fns, 'InvokeAsync', { namespace: ns, name, input: JSON.stringify(input), idempotencyKey });
  const invoke = (name: string, input: unknown, timeoutMs = 60_000) =>
    fnCall(fns, 'Invoke', { namespace: ns, name, input: JSON.stringify(input) }, timeoutMs);
  const get = (id: string) => fnCall(fns, 'GetInvocation', { id });
  const finished = (id: string, timeoutMs = 60_000) =>
    cluster.until(`invocation ${id} finished`, async () => {
      const inv = await get(id);
      return TERMINAL.has(inv.state ?? '') && inv;
    }, timeoutMs);

  /** Every effect line the handlers appended, on every agent. */
  const effects = (): string[] =>
    [...cluster.agents.values()].flatMap((a) => findFiles(a.stateDir, 'effects.log')).flatMap((f) => readFileSync(f, 'utf8').split('\n').filter(Boolean));

  const liveInstances = (w: Workload | undefined) => (w?.status?.instances ?? []).filter((i) => i.state !== 'Stopping' && i.state !== 'Stopped');
  const scaledReason = (w: Workload | undefined) => w?.status?.conditions?.find((c) => c.type === 'Scaled')?.reason;

  it('runs 1,000 async invocations exactly once each (one effect line per invocation)', async () => {
    await deploy('bulk', 'record', { concurrency: 16, scale: { max: 3, idleSeconds: 60 } });
    const ids: string[] = [];
    for (let start = 0; start < 1000; start += 100) {
      const batch = await Promise.all(Array.from({ length: 100 }, (_, k) => invokeAsync('bulk', { n: start + k })));
      for (const inv of batch) {
        assert.equal(inv.state, 'queued');
        ids.push(inv.id!);
      }
    }
    assert.equal(new Set(ids).size, 1000, 'every InvokeAsync got its own id');
    await cluster.until('1,000 succeeded', async () => (await listAll(fns, ns, 'bulk', 'succeeded')).length === 1000, 180_000);

    const idSet = new Set(ids);
    const counts = new Map<string, number>();
    for (const line of effects()) {
      const id = line.split(' ')[0]!;
      if (idSet.has(id)) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    assert.equal(counts.size, 1000, 'every invocation left its side effect');
    const twice = [...counts].filter(([, n]) => n !== 1);
    assert.deepEqual(twice, [], 'no invocation ran twice');
    assert.deepEqual(await listAll(fns, ns, 'bulk', 'dead-lettered'), []);
  });

  it('retries a handler that fails twice: succeeded with 3 attempts', async () => {
    await deploy('flaky', 'flaky', { retry: { attempts: 3, delaySeconds: 0 } });
    const inv = await invoke('flaky', {});
    assert.equal(inv.state, 'succeeded', inv.error);
    assert.equal(inv.attempts, 3);
    assert.deepEqual(JSON.parse(inv.output!), { attempt: 3 });
  });

  it('dead-letters a handler that always throws, with its error; a fixed revision replays it to success', async () => {
    await deploy('broken', 'broken', { retry: { attempts: 2, delaySeconds: 0 } });
    const accepted = await invokeAsync('broken', { why: 'bad input' });
    const dead = await finished(accepted.id!);
    assert.equal(dead.state, 'dead-lettered');
    assert.equal(dead.attempts, 2);
    assert.match(dead.error ?? '', /broken on purpose: bad input/);
    assert.ok((await listAll(fns, ns, 'broken', 'dead-lettered')).some((i) => i.id === accepted.id));

    await deploy('broken', 'broken', { retry: { attempts: 2, delaySeconds: 0 }, env: { FIXED: '1' } }, 2);
    const replayed = await fnCall(fns, 'RetryInvocation', { id: accepted.id! });
    assert.equal(replayed.id, accepted.id);
    const done = await finished(accepted.id!);
    assert.equal(done.state, 'succeeded', done.error);
    assert.equal(done.revision, 2, 'the replay ran the fixed revision');
    assert.deepEqual(JSON.parse(done.output!), { fixed: true });
  });

  it('scales 0 → N under a burst → 0 after idleSeconds, and serves a cold invocation', async () => {
    await deploy('burst', 'sleepy', { concurrency: 2, scale: { min: 0, max: 3, idleSeconds: 3 } });
    await cluster.until('burst scaled to zero before any invocation', async () => {
      const w = await cluster.get(ns, 'burst');
      return scaledReason(w) === 'ScaledToZero' && liveInstances(w).length === 0 && w?.status?.phase === 'Running';
    });

    const accepted = await Promise.all(Array.from({ length: 24 }, (_, n) => invokeAsync('burst', { ms: 500, n })));
    let peak = 0;
    const running = (async () => {
      for (;;) {
        const states = await Promise.all(accepted.map((a) => get(a.id!)));
        if (states.every((s) => s.state === 'succeeded')) return;
        peak = Math.max(peak, liveInstances(await cluster.get(ns, 'burst')).filter((i) => i.state === 'Running').length);
        await sleep(200);
      }
    })();
    await Promise.race([running, sleep(90_000).then(() => { throw new Error('burst did not finish in 90 s'); })]);
    assert.equal(peak, 3, 'scaled out to scale.max (24 queued / concurrency 2 = 12, capped at 3)');

    const idleFrom = Date.now();
    await cluster.until('burst back to zero', async () => {
      const w = await cluster.get(ns, 'burst');
      return liveInstances(w).length === 0 && scaledReason(w) === 'ScaledToZero';
    }, 30_000);
    const idleMs = Date.now() - idleFrom;
    assert.ok(idleMs >= 2000, `kept its instances for about idleSeconds (3 s) after the burst; went after ${idleMs} ms`);

    const t0 = Date.now();
    const cold = await invoke('burst', { ms: 0 });
    assert.equal(cold.state, 'succeeded', cold.error);
    assert.ok(Date.now() - t0 < 30_000);
    assert.ok(liveInstances(await cluster.get(ns, 'burst')).length >= 1, 'the cold invocation started an instance');
  });

  it('stops a handler that runs past its timeout and counts it failed', async () => {
    await deploy('slow', 'sleepy', { timeoutSeconds: 1, retry: { attempts: 1 } });
    const t0 = Date.now();
    const inv = await invoke('slow', { ms: 4000 });
    assert.equal(inv.state, 'dead-lettered');
    assert.match(inv.error ?? '', /DeadlineExceeded: handler ran past 1s/);
    assert.equal(inv.attempts, 1);
    assert.ok(Date.now() - t0 < 4000 + 30_000);
    await sleep(4500);
    assert.ok(!effects().includes(`late ${inv.id}`), 'the stopped handler never reached its side effect');
    const next = await invoke('slow', { ms: 10 });
    assert.equal(next.state, 'succeeded', 'the function keeps serving after a timeout');
  });

  it('fails an invocation that exhausts its memory limit, alone', async () => {
    await deploy('hog', 'hog', { concurrency: 4, retry: { attempts: 1 }, memory: '128Mi' });
    await invoke('hog', {}); // warm
    const [hog, ...others] = await Promise.all([invoke('hog', { hog: true }), ...Array.from({ length: 3 }, () => invoke('hog', {}))]);
    assert.equal(hog.state, 'dead-lettered');
    assert.ok(hog.error, 'the memory failure carries an error');
    for (const o of others) assert.equal(o.state, 'succeeded', o.error);
    assert.equal((await invoke('hog', {})).state, 'succeeded', 'the function still serves');
    assert.equal(cluster.agents.get('fn-a1')!.child.exitCode, null, 'the agent survived');
  });

  it('completes every accepted invocation after kill -9 of the agent; an idempotency key returns the first invocation', async () => {
    // One instance: the handler keeps its idempotency markers in its instance's socket dir, the only
    // place the sandbox may write, so a re-run must reach the same (adopted) instance to see them. A
    // handler with a shared store (a database) gets the same guarantee across instances.
    await deploy('durable', 'recordOnce', { concurrency: 5, scale: { min: 1, max: 1, idleSeconds: 60 }, retry: { attempts: 5, delaySeconds: 0 } });
    await cluster.until('durable has a running instance', async () => liveInstances(await cluster.get(ns, 'durable')).some((i) => i.state === 'Running'));
    const keys = Array.from({ length: 40 }, (_, i) => `${ns}-order-${i}`);
    const first = await Promise.all(keys.map((k) => invokeAsync('durable', { ms: 300 }, k)));
    await sleep(800); // some are running now
    const before = await Promise.all(first.map((a) => get(a.id!)));
    assert.ok(before.some((i) => i.state !== 'succeeded'), 'the kill lands while invocations are still queued or running');
    await cluster.killAgent('fn-a1');
    await cluster.startAgent('fn-a1', labels);

    const again = await Promise.all(keys.map((k) => invokeAsync('durable', { ms: 300 }, k)));
    assert.deepEqual(again.map((i) => i.id), first.map((i) => i.id), 'a repeated key finds the first invocation');
    const done: Invocation[] = await Promise.all(first.map((a) => finished(a.id!, 120_000)));
    for (const d of done) assert.equal(d.state, 'succeeded', `${d.id}: ${d.error}`);
    const all = await listAll(fns, ns, 'durable');
    assert.equal(all.length, keys.length, 'no duplicate invocation was created');

    const perKey = new Map<string, number>();
    for (const line of effects()) {
      const key = line.split(' ')[0]!;
      if (keys.includes(key)) perKey.set(key, (perKey.get(key) ?? 0) + 1);
    }
    assert.deepEqual([...perKey].filter(([, n]) => n > 1), [], 'no key had its side effect twice');
  });

  it('answers NOT_FOUND for an unknown invocation', async () => {
    await assert.rejects(get('i-00000000-0000-0000-0000-000000000000'), (err: { code?: number }) => err.code === grpcStatus.NOT_FOUND);
  });
});
