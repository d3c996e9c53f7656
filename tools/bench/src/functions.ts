// Function invocation on the embedded default (`mosaic up`: control plane with reconciler,
// private Redis, function autoscaler, and one in-process agent running the function driver),
// each figure beside a bare-BullMQ baseline measured in the same run on the same Redis:
//   function-cold-start        first Invoke after the function scaled to zero (ms), vs a bare
//                              add→process round trip with a worker started for it;
//   function-warm-sync         gRPC Invoke p50/p99 on a warm instance, vs bare add + waitUntilFinished;
//   function-async-throughput  InvokeAsync × N, completions/s, vs bare addBulk × N drained by a
//                              worker with the same total concurrency.
// Prints the overhead ratio (Mosaic / baseline) with each figure: the number to shrink.
import { credentials, loadPackageDefinition, Metadata, type ServiceError } from '@grpc/grpc-js';
import type { Workload } from '@mosaic/api';
import { loadMosaicPackageDefinition, type FunctionProtoGrpcType, type pb } from '@mosaic/proto';
import { functionQueueConnection, functionQueueName } from '@mosaic/queue';
import { MosaicClient, type WorkloadInput } from '@mosaic/sdk';
import { Queue, QueueEvents, Worker } from 'bullmq';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startMosaicUp } from './_mosaic-up.js';
import { emit, percentile, round } from './_support.js';

const NS = 'bench-functions';
const NAME = 'echo';
const WARM_CALLS = Number(process.env.BENCH_FN_WARM_CALLS ?? 300);
const ASYNC_INVOCATIONS = Number(process.env.BENCH_FN_ASYNC ?? 2000);
const COLD_ROUNDS = Number(process.env.BENCH_FN_COLD_ROUNDS ?? 3);
/** InvokeAsync calls kept in flight by the throughput figure (the baseline adds batches of 100). */
const ASYNC_IN_FLIGHT = Number(process.env.BENCH_FN_ASYNC_IN_FLIGHT ?? 100);
const CONCURRENCY = 16;
const MAX_INSTANCES = 2;
const IDLE_SECONDS = 2;

type FunctionClient = InstanceType<FunctionProtoGrpcType['mosaic']['v1']['FunctionService']>;
type Invocation = pb.Invocation__Output;

const fnWorkload = (): WorkloadInput => ({
  apiVersion: 'mosaic.dev/v1',
  kind: 'Workload',
  metadata: { name: NAME, namespace: NS },
  spec: {
    runtime: 'function',
    function: {
      source: { path: 'tools/bench/fixtures/bench-handlers.mjs' },
      handler: 'bench-handlers.echo',
      trigger: { queue: {} },
      concurrency: CONCURRENCY,
      scale: { min: 0, max: MAX_INSTANCES, idleSeconds: IDLE_SECONDS },
      retry: { attempts: 1 },
    },
    resources: { cpu: '100m', memory: '256Mi' },
  },
});

/** `mosaic up` (cwd = repo root, the agent's base dir for `source.path`); resolves once it is up. */
function call<M extends 'Invoke' | 'InvokeAsync' | 'GetInvocation'>(fns: FunctionClient, method: M, request: Parameters<FunctionClient[M]>[0], timeoutMs = 60_000): Promise<Invocation> {
  return new Promise((resolve, reject) => {
    (fns[method] as (r: typeof request, m: Metadata, o: { deadline: number }, cb: (err: ServiceError | null, res?: Invocation) => void) => void)(
      request, new Metadata(), { deadline: Date.now() + timeoutMs }, (err, res) => (err ? reject(err) : resolve(res!)),
    );
  });
}

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

const ratio = (mosaic: number, baseline: number) => round(mosaic / baseline, 2);

/** Bare BullMQ on the same Redis: add + waitUntilFinished, one at a time (a warm worker). */
async function bareSync(url: string, calls: number, coldWorker = false): Promise<number[]> {
  const conn = functionQueueConnection(url);
  const name = `bench-bare-sync-${process.pid}-${Date.now()}`;
  const queue = new Queue(name, conn);
  const events = new QueueEvents(name, conn);
  await events.waitUntilReady();
  const out: number[] = [];
  let worker: Worker | undefined;
  const startWorker = async () => {
    worker = new Worker(name, (job) => Promise.resolve(job.data as unknown), { ...conn, concurrency: CONCURRENCY });
    await worker.waitUntilReady();
  };
  if (!coldWorker) await startWorker();
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    const job = await queue.add('call', { n: i });
    if (coldWorker) await startWorker();
    await job.waitUntilFinished(events, 30_000);
    out.push(performance.now() - t0);
    if (coldWorker) {
      await worker!.close();
      worker = undefined;
    }
  }
  await worker?.close();
  await events.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return out;
}

/** Bare BullMQ: addBulk × n, drained by one worker with the function's total concurrency. */
async function bareThroughput(url: string, n: number): Promise<number> {
  const conn = functionQueueConnection(url);
  const name = `bench-bare-async-${process.pid}-${Date.now()}`;
  const queue = new Queue(name, conn);
  let done = 0;
  let resolveAll!: () => void;
  const all = new Promise<void>((r) => (resolveAll = r));
  const worker = new Worker(name, (job) => Promise.resolve(job.data as unknown), { ...conn, concurrency: CONCURRENCY * MAX_INSTANCES });
  worker.on('completed', () => {
    if (++done === n) resolveAll();
  });
  await worker.waitUntilReady();
  const t0 = performance.now();
  for (let start = 0; start < n; start += 100) {
    await queue.addBulk(Array.from({ length: Math.min(100, n - start) }, (_, k) => ({ name: 'call', data: { n: start + k } })));
  }
  await all;
  const perSecond = n / ((performance.now() - t0) / 1000);
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return perSecond;
}

async function scaledToZero(client: MosaicClient): Promise<Workload> {
  return until('the function scaled to zero', async () => {
    const w = await client.get(NS, NAME);
    const live = (w.status?.instances ?? []).filter((i) => i.state !== 'Stopping' && i.state !== 'Stopped');
    return live.length === 0 && w.status?.conditions?.some((c) => c.type === 'Scaled' && c.reason === 'ScaledToZero') && w;
  }, 120_000);
}

async function main(): Promise<void> {
  const up = await startMosaicUp();
  const client = new MosaicClient({ address: up.address, deadlineMs: 30_000 });
  const proto = loadPackageDefinition(loadMosaicPackageDefinition()) as unknown as FunctionProtoGrpcType;
  const fns = new proto.mosaic.v1.FunctionService(up.address, credentials.createInsecure());
  const url = (JSON.parse(readFileSync(join(up.stateDir, 'redis', 'private-redis.json'), 'utf8')) as { url: string }).url;
  try {
    await client.apply(fnWorkload());
    const revision = (await until('a revision', async () => (await client.get(NS, NAME)).status?.revision));

    // Cold start: scaled to zero, then one sync Invoke (instance placed, started, handler loaded).
    const cold: number[] = [];
    for (let r = 0; r < COLD_ROUNDS; r++) {
      await scaledToZero(client);
      const t0 = performance.now();
      const inv = await call(fns, 'Invoke', { namespace: NS, name: NAME, input: JSON.stringify({ r }) }, 120_000);
      if (inv.state !== 'succeeded') throw new Error(`cold invocation ${inv.state}: ${inv.error}`);
      cold.push(performance.now() - t0);
    }
    const coldBase = await bareSync(url, COLD_ROUNDS, true);
    const coldMs = percentile(cold, 50);
    const coldBaseMs = percentile(coldBase, 50);
    emit({ bench: 'functions', figure: 'function-cold-start', value: round(coldMs), unit: 'ms', rounds: COLD_ROUNDS, max_ms: round(Math.max(...cold)), baseline_ms: round(coldBaseMs, 2), baseline: 'bullmq add + new worker + waitUntilFinished', overhead_ratio: ratio(coldMs, coldBaseMs) });

    // Warm sync: sequential Invoke calls on a warm instance.
    for (let i = 0; i < 20; i++) await call(fns, 'Invoke', { namespace: NS, name: NAME, input: '{}' });
    const warm: number[] = [];
    for (let i = 0; i < WARM_CALLS; i++) {
      const t0 = performance.now();
      const inv = await call(fns, 'Invoke', { namespace: NS, name: NAME, input: JSON.stringify({ i }) });
      if (inv.state !== 'succeeded') throw new Error(`warm invocation ${inv.state}: ${inv.error}`);
      warm.push(performance.now() - t0);
    }
    const warmBase = await bareSync(url, WARM_CALLS);
    for (const p of [50, 99]) {
      const m = percentile(warm, p);
      const b = percentile(warmBase, p);
      emit({ bench: 'functions', figure: `function-warm-sync-p${p}`, value: round(m, 2), unit: 'ms', calls: WARM_CALLS, baseline_ms: round(b, 2), baseline: 'bullmq add + waitUntilFinished', overhead_ratio: ratio(m, b) });
    }

    // Async throughput: InvokeAsync × N (ASYNC_IN_FLIGHT in flight), completions counted on the revision queue.
    const events = new QueueEvents(functionQueueName(NS, NAME, revision), functionQueueConnection(url));
    await events.waitUntilReady();
    let completed = 0;
    let resolveAll!: () => void;
    const all = new Promise<void>((r) => (resolveAll = r));
    events.on('completed', () => {
      if (++completed === ASYNC_INVOCATIONS) resolveAll();
    });
    // A fixed ASYNC_IN_FLIGHT calls in flight (a new one as soon as one is answered), not waves of
    // 100 that each wait for their slowest call: the baseline likewise always has a batch on the wire.
    const t0 = performance.now();
    let next = 0;
    const sender = async () => {
      for (let n = next++; n < ASYNC_INVOCATIONS; n = next++) {
        await call(fns, 'InvokeAsync', { namespace: NS, name: NAME, input: JSON.stringify({ n }) });
      }
    };
    await Promise.all(Array.from({ length: ASYNC_IN_FLIGHT }, sender));
    const acceptedSecs = (performance.now() - t0) / 1000;
    // The give-up timer is cancelled once all complete: a pending 300 s sleep kept the bench alive for 5 minutes.
    const giveUp = new AbortController();
    await Promise.race([
      all.finally(() => giveUp.abort()),
      sleep(300_000, undefined, { signal: giveUp.signal }).then(() => { throw new Error(`only ${completed} of ${ASYNC_INVOCATIONS} async invocations completed`); }, () => undefined),
    ]);
    const perSecond = ASYNC_INVOCATIONS / ((performance.now() - t0) / 1000);
    await events.close();
    const basePerSecond = await bareThroughput(url, ASYNC_INVOCATIONS);
    emit({
      bench: 'functions', figure: 'function-async-throughput', value: round(perSecond), unit: 'invocations/s', invocations: ASYNC_INVOCATIONS,
      accept_per_second: round(ASYNC_INVOCATIONS / acceptedSecs), concurrency: CONCURRENCY, max_instances: MAX_INSTANCES,
      baseline_per_second: round(basePerSecond), baseline: 'bullmq addBulk, one worker with the same total concurrency', overhead_ratio: ratio(basePerSecond, perSecond),
    });
  } finally {
    await client.delete(NS, NAME).catch(() => undefined);
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && (await client.list({ namespace: NS, limit: 1 }).catch(() => ({ items: [] }))).items.length) await sleep(200);
    fns.close();
    client.close();
    await up.stop();
  }
}

await main();
