// Apply throughput over gRPC (10,000 small workloads from one client, then from 16 concurrent
// clients) and watch fan-out latency (100 watchers, write → delivery p50/p99). Baselines in
// the same run: a gRPC health-check round trip (the transport floor) and direct SQLite store
// writes (the durability floor: one fsync'd transaction per write).
import { MosaicClient, type WorkloadInput } from '@mosaic/sdk';
import { createSqliteStore } from '@mosaic/store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emit, percentile, round, startServer } from './_support.js';

const TOTAL = Number(process.env.BENCH_APPLIES ?? 10_000);
const CLIENTS = 16;
const WATCHERS = 100;
const WATCH_WRITES = 200;

const workload = (ns: string, i: number): WorkloadInput => ({
  apiVersion: 'mosaic.dev/v1',
  kind: 'Workload',
  metadata: { name: `w-${i}`, namespace: ns, labels: { app: 'bench' } },
  spec: { runtime: 'service', service: { command: ['node', 'server.js'] } },
});

async function timed(fn: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
}

async function storeBaseline(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mosaic-bench-store-'));
  const store = await createSqliteStore({ path: join(dir, 'mosaic.db') });
  const n = Math.min(TOTAL, 5000);
  const secs = await timed(async () => {
    for (let i = 0; i < n; i++) {
      await store.create({ apiVersion: 'mosaic.dev/v1', kind: 'Workload', metadata: { name: `w-${i}`, namespace: 'base' }, spec: { runtime: 'service' } });
    }
  });
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  emit({ bench: 'api', figure: 'baseline_store_creates_per_second', value: round(n / secs), unit: 'writes/s', writes: n });
}

async function main(): Promise<void> {
  await storeBaseline();
  const server = await startServer();
  try {
    const client = new MosaicClient({ address: server.address, deadlineMs: 30_000 });

    // Transport floor: sequential unary round trips that touch no storage.
    const pings = 2000;
    const pingSecs = await timed(async () => {
      for (let i = 0; i < pings; i++) await client.checkHealth();
    });
    emit({ bench: 'api', figure: 'baseline_grpc_roundtrips_per_second', value: round(pings / pingSecs), unit: 'calls/s', calls: pings });

    const oneSecs = await timed(async () => {
      for (let i = 0; i < TOTAL; i++) await client.apply(workload('one', i));
    });
    emit({ bench: 'api', figure: 'apply_per_second_1_client', value: round(TOTAL / oneSecs), unit: 'applies/s', applies: TOTAL, seconds: round(oneSecs, 2) });

    const clients = Array.from({ length: CLIENTS }, () => new MosaicClient({ address: server.address, deadlineMs: 60_000 }));
    const per = Math.ceil(TOTAL / CLIENTS);
    const manySecs = await timed(async () => {
      await Promise.all(clients.map(async (c, k) => {
        for (let i = k * per; i < Math.min(TOTAL, (k + 1) * per); i++) await c.apply(workload('many', i));
      }));
    });
    emit({ bench: 'api', figure: `apply_per_second_${CLIENTS}_clients`, value: round(TOTAL / manySecs), unit: 'applies/s', applies: TOTAL, clients: CLIENTS, seconds: round(manySecs, 2) });
    clients.forEach((c) => c.close());

    // Watch fan-out: WATCHERS streams (spread over 4 channels) see each write; latency is
    // measured from just before the apply call to each watcher's receipt, same clock.
    const channels = Array.from({ length: 4 }, () => new MosaicClient({ address: server.address }));
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    const abort = new AbortController();
    const start = await client.list({ namespace: 'fan', limit: 1 });
    let ready = 0;
    const done = Array.from({ length: WATCHERS }, async (_, i) => {
      let seen = 0;
      const stream = channels[i % channels.length]!.watch({ namespace: 'fan', resourceVersion: start.resourceVersion, signal: abort.signal });
      ready++;
      for await (const ev of stream) {
        const t = sentAt.get(ev.workload.metadata.annotations?.['bench/seq'] ?? '');
        if (t !== undefined) latencies.push(performance.now() - t);
        if (++seen === WATCH_WRITES) break;
      }
    });
    while (ready < WATCHERS) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 500)); // let every stream open on the server
    for (let i = 0; i < WATCH_WRITES; i++) {
      const w = workload('fan', 0);
      w.metadata.annotations = { 'bench/seq': String(i) };
      sentAt.set(String(i), performance.now());
      await client.apply(w);
      await new Promise((r) => setTimeout(r, 5));
    }
    const timeout = setTimeout(() => abort.abort(), 30_000);
    await Promise.allSettled(done);
    clearTimeout(timeout);
    abort.abort();
    const expected = WATCHERS * WATCH_WRITES;
    emit({ bench: 'api', figure: 'watch_fanout_latency_p50', value: round(percentile(latencies, 50), 2), unit: 'ms', watchers: WATCHERS, events: latencies.length, expected });
    emit({ bench: 'api', figure: 'watch_fanout_latency_p99', value: round(percentile(latencies, 99), 2), unit: 'ms', watchers: WATCHERS, events: latencies.length, expected });
    channels.forEach((c) => c.close());
    client.close();
  } finally {
    await server.stop();
  }
}

await main();
