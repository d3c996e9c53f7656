// The scheduling pipeline end to end on the embedded default (`mosaic up`: control plane with
// its reconciler and private Redis, plus one in-process agent):
//   1. time from applying 100 services to all of them Running (and apply→Running p50/p99);
//   2. reconcile jobs per second through BullMQ: the 100 workload keys enqueued on the control
//      plane's own reconcile queue, several rounds, drained by its worker running real
//      reconciles (each reads the workload, every instance and node, and writes nothing);
//   3. baselines on the same Redis: a bare BullMQ add→process round trip, and a bare burst.
// Instances are `sleep infinity` with tiny requests so 100 fit on one machine.
import type { Workload } from '@mosaic/api';
import { createQueue, createReconcileQueue, createWorker, defineQueue } from '@mosaic/queue';
import { MosaicClient, type WorkloadInput } from '@mosaic/sdk';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startMosaicUp } from './_mosaic-up.js';
import { emit, percentile, round } from './_support.js';

const SERVICES = Number(process.env.BENCH_SERVICES ?? 100);
const RECONCILE_ROUNDS = 10;
const BASELINE_JOBS = 1000;
const NS = 'bench-pipeline';

const service = (i: number): WorkloadInput => ({
  apiVersion: 'mosaic.dev/v1',
  kind: 'Workload',
  metadata: { name: `svc-${i}`, namespace: NS },
  spec: { runtime: 'service', replicas: 1, service: { command: ['sleep', 'infinity'] }, resources: { cpu: '10m', memory: '16Mi' } },
});

/** Applies every service, and times each from its apply to the first status saying Running. */
async function appliedToRunning(client: MosaicClient): Promise<void> {
  const { resourceVersion } = await client.list({ namespace: NS, limit: 1 });
  const appliedAt = new Map<string, number>();
  const latencies: number[] = [];
  const abort = new AbortController();
  const allRunning = (async () => {
    for await (const ev of client.watch({ namespace: NS, resourceVersion, signal: abort.signal })) {
      const w: Workload = ev.workload;
      const t = appliedAt.get(w.metadata.name);
      if (t !== undefined && w.status?.phase === 'Running') {
        latencies.push(performance.now() - t);
        appliedAt.delete(w.metadata.name);
        if (latencies.length === SERVICES) return;
      }
    }
  })();

  const t0 = performance.now();
  for (let i = 0; i < SERVICES; i++) {
    appliedAt.set(`svc-${i}`, performance.now());
    await client.apply(service(i));
  }
  const appliedSecs = (performance.now() - t0) / 1000;
  const timeout = setTimeout(() => abort.abort(), 300_000);
  await allRunning.catch(() => undefined);
  clearTimeout(timeout);
  abort.abort();
  const secs = (performance.now() - t0) / 1000;
  if (latencies.length < SERVICES) throw new Error(`only ${latencies.length} of ${SERVICES} services became Running`);
  emit({ bench: 'pipeline', figure: 'services_apply_to_all_running', value: round(secs, 2), unit: 's', services: SERVICES, apply_seconds: round(appliedSecs, 2) });
  emit({ bench: 'pipeline', figure: 'service_apply_to_running_p50', value: round(percentile(latencies, 50)), unit: 'ms', services: SERVICES });
  emit({ bench: 'pipeline', figure: 'service_apply_to_running_p99', value: round(percentile(latencies, 99)), unit: 'ms', services: SERVICES });
}

/** The URL of the private Redis `mosaic up` started (recorded next to its data). */
function privateRedisUrl(stateDir: string): string {
  return (JSON.parse(readFileSync(join(stateDir, 'redis', 'private-redis.json'), 'utf8')) as { url: string }).url;
}

/** Enqueues every key on the control plane's reconcile queue, RECONCILE_ROUNDS times, each round drained. */
async function reconcileThroughput(url: string): Promise<void> {
  const queue = createReconcileQueue({ url });
  const keys = Array.from({ length: SERVICES }, (_, i) => `${NS}/svc-${i}`);
  const drained = async () => {
    for (;;) {
      const c = await queue.counts();
      if (c.waiting + c.active + c.delayed + c.prioritized === 0) return;
      await sleep(2);
    }
  };
  await drained();
  const t0 = performance.now();
  for (let r = 0; r < RECONCILE_ROUNDS; r++) {
    await Promise.all(keys.map((k) => queue.enqueue(k)));
    await drained();
  }
  const secs = (performance.now() - t0) / 1000;
  await queue.close();
  const jobs = keys.length * RECONCILE_ROUNDS;
  emit({ bench: 'pipeline', figure: 'reconcile_jobs_per_second', value: round(jobs / secs), unit: 'jobs/s', jobs, workloads: SERVICES, instances: SERVICES, concurrency: 1 });
}

/** Bare BullMQ on the same Redis: one job at a time add→processed, then a burst. */
async function bullmqBaseline(url: string): Promise<void> {
  const definition = defineQueue<{ n: number }>('bench-baseline', { removeOnComplete: { count: 0 } });
  const queue = createQueue(definition, { url });
  const done = new Map<string, () => void>();
  const worker = createWorker(definition, () => Promise.resolve(), { url, concurrency: 1 });
  worker.on('completed', (job) => done.get(job.id)?.());
  await Promise.all([queue.waitUntilReady(), worker.waitUntilReady()]);
  const processed = (id: string) => new Promise<void>((resolve) => done.set(id, resolve));

  const trips = 300;
  const rtt: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < trips; i++) {
    const id = `rt-${i}`;
    const finished = processed(id);
    const start = performance.now();
    await queue.add(id, { n: i });
    await finished;
    rtt.push(performance.now() - start);
  }
  const rttSecs = (performance.now() - t0) / 1000;
  emit({ bench: 'pipeline', figure: 'baseline_bullmq_roundtrips_per_second', value: round(trips / rttSecs), unit: 'jobs/s', jobs: trips, p50_ms: round(percentile(rtt, 50), 2) });

  const burst = Array.from({ length: BASELINE_JOBS }, (_, i) => `burst-${i}`);
  const all = Promise.all(burst.map(processed));
  const t1 = performance.now();
  await Promise.all(burst.map((id, n) => queue.add(id, { n })));
  await all;
  const burstSecs = (performance.now() - t1) / 1000;
  emit({ bench: 'pipeline', figure: 'baseline_bullmq_burst_jobs_per_second', value: round(BASELINE_JOBS / burstSecs), unit: 'jobs/s', jobs: BASELINE_JOBS, concurrency: 1 });

  await worker.close();
  await queue.obliterate();
  await queue.close();
}

async function main(): Promise<void> {
  const up = await startMosaicUp();
  const client = new MosaicClient({ address: up.address, deadlineMs: 30_000 });
  try {
    await appliedToRunning(client);
    const url = privateRedisUrl(up.stateDir);
    await reconcileThroughput(url);
    await bullmqBaseline(url);
  } finally {
    // Delete what runs, so the agent stops the processes, before stopping `up`.
    for (let i = 0; i < SERVICES; i++) await client.delete(NS, `svc-${i}`).catch(() => undefined);
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && (await client.list({ namespace: NS, limit: 1 }).catch(() => ({ items: [] }))).items.length) await sleep(200);
    client.close();
    await up.stop();
  }
}

await main();
