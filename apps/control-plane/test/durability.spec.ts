import type { ServiceError } from '@grpc/grpc-js';
import assert from 'node:assert/strict';
import { call, workloadClient, type WorkloadClient } from './support/grpc-client.js';
import { spawnControlPlane, type SpawnedControlPlane } from './support/spawned-control-plane.js';
import { tempDir } from './support/test-control-plane.js';
import { WatchRecorder } from './support/watch-recorder.js';
import { serviceWorkload, uniqueNamespace } from './support/workloads.js';

const WRITERS = 4;
const ACKS_BEFORE_KILL = 120;

describe('durability across kill -9 of the real bin', function () {
  this.timeout(60000);
  const dir = tempDir();
  const processes: SpawnedControlPlane[] = [];
  const clients: WorkloadClient[] = [];
  after(async () => {
    for (const c of clients) c.close();
    for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await Promise.all(processes.map((p) => p.exited));
    dir.remove();
  });

  const start = async () => {
    const p = await spawnControlPlane(dir.path);
    processes.push(p);
    const c = workloadClient(p.address);
    clients.push(c);
    return { p, c };
  };

  it('keeps every acknowledged apply with its resourceVersion, and a resumed watch has no gap', async () => {
    const ns = uniqueNamespace('dur');
    const first = await start();
    const startRevision = (await call(first.c, 'List', { namespace: ns })).resourceVersion!;
    const watch = new WatchRecorder(first.c, { namespace: ns, resourceVersion: startRevision });

    // Several writers stream applies (creates and updates) so calls are in flight when it dies.
    const acked: { name: string; rv: string; seq: string }[] = [];
    const unexpected: string[] = [];
    let killed = false;
    const writer = async (id: number) => {
      for (let i = 0; ; i++) {
        const name = `w${id}-${i % 5}`;
        const seq = `${id}:${i}`;
        try {
          const res = await call(first.c, 'Apply', { workload: serviceWorkload(ns, name, { annotations: { seq } }) });
          acked.push({ name, rv: res.workload!.metadata!.resourceVersion!, seq });
        } catch (err) {
          if (!killed) unexpected.push(`${(err as ServiceError).code}: ${(err as ServiceError).details}`);
          return;
        }
      }
    };
    const writers = Array.from({ length: WRITERS }, (_, id) => writer(id));
    const waitForAcks = async (n: number) => {
      while (acked.length < n && unexpected.length === 0) await new Promise((r) => setTimeout(r, 5));
    };
    // The test's own watch breaks half-way (as a client's would); it resumes after the restart.
    await waitForAcks(ACKS_BEFORE_KILL / 2);
    await watch.waitForChanges(1);
    watch.cancel();
    await waitForAcks(ACKS_BEFORE_KILL);
    killed = true;
    first.p.child.kill('SIGKILL');
    await Promise.all(writers);
    assert.deepEqual(unexpected, [], 'no call failed before the kill');
    assert.equal((await first.p.exited).signal, 'SIGKILL');
    await watch.ended;
    const lastSeen = watch.changes.at(-1)!.resourceVersion!;
    assert.ok(Number(lastSeen) < Number(acked.at(-1)!.rv), 'the watch broke before the last acknowledged write');

    const second = await start();
    const current = (await call(second.c, 'List', { namespace: ns })).resourceVersion!;
    assert.ok(Number(current) >= Number(acked.at(-1)!.rv), 'the store is at least at the last acknowledged revision');

    // The change log after restart holds every acknowledged apply at its resourceVersion.
    const history = new WatchRecorder(second.c, { namespace: ns, resourceVersion: startRevision, bookmarkIntervalSeconds: 1 });
    await history.waitFor((events) => events.some((e) => e.resourceVersion === current), 10000, `history up to ${current}`);
    const byRevision = new Map(history.changes.map((e) => [e.resourceVersion, e]));
    for (const a of acked) {
      const event = byRevision.get(a.rv);
      assert.ok(event, `acknowledged apply ${a.seq} at resourceVersion ${a.rv} is missing after restart`);
      assert.equal(event.workload?.metadata?.name, a.name);
      assert.equal(event.workload?.metadata?.annotations?.['seq'], a.seq);
    }
    // And the current objects are at least as new as their last acknowledged apply.
    const lastAckByName = new Map(acked.map((a) => [a.name, a]));
    for (const [name, a] of lastAckByName) {
      const stored = await call(second.c, 'Get', { namespace: ns, name });
      assert.ok(Number(stored.metadata!.resourceVersion) >= Number(a.rv), `${name} went back in time`);
    }

    // A watch resumed from the last revision the test saw delivers every later change, no gap
    // (every write in this store is in this namespace, so revisions are consecutive).
    const resumed = new WatchRecorder(second.c, { namespace: ns, resourceVersion: lastSeen, bookmarkIntervalSeconds: 1 });
    await resumed.waitFor((events) => events.some((e) => e.resourceVersion === current), 10000, `resumed watch up to ${current}`);
    const revisions = resumed.changes.map((e) => Number(e.resourceVersion));
    const expected = Array.from({ length: Number(current) - Number(lastSeen) }, (_, i) => Number(lastSeen) + 1 + i);
    assert.deepEqual(revisions, expected);
    console.log(`      ${acked.length} acknowledged applies survived SIGKILL; watch resumed at ${lastSeen}, ${revisions.length} changes after it`);
    history.cancel();
    resumed.cancel();
  });
});
