import { loadMosaicPackageDefinition, type pb } from '@mosaic/proto';
import type { ServiceDefinition } from '@grpc/grpc-js';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { call, workloadClient, type WorkloadClient } from './support/grpc-client.js';
import { encodeApply } from './support/raw-protobuf.js';
import { SplitUnaryCall } from './support/raw-grpc-call.js';
import { spawnControlPlane, type SpawnedControlPlane } from './support/spawned-control-plane.js';
import { tempDir } from './support/test-control-plane.js';
import { WatchRecorder } from './support/watch-recorder.js';
import { serviceWorkload, uniqueNamespace } from './support/workloads.js';

const applyDef = (loadMosaicPackageDefinition()['mosaic.v1.WorkloadService'] as ServiceDefinition)['Apply']!;

describe('graceful shutdown of the real bin', function () {
  this.timeout(30000);
  const dir = tempDir();
  const processes: SpawnedControlPlane[] = [];
  const clients: WorkloadClient[] = [];
  after(async () => {
    for (const c of clients) c.close();
    for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await Promise.all(processes.map((p) => p.exited));
    dir.remove();
  });

  it('on SIGTERM finishes the call in flight, ends the watch with OK, and exits 0', async () => {
    const ns = uniqueNamespace('term');
    const proc = await spawnControlPlane(dir.path);
    processes.push(proc);
    const client = workloadClient(proc.address);
    clients.push(client);

    const watch = new WatchRecorder(client, { namespace: ns });
    await watch.waitFor((events) => events.some((e) => e.type === 'BOOKMARK'), 5000, 'the initial-events-end bookmark');

    // An Apply whose request is half-way through arriving when SIGTERM lands.
    const inFlight = new SplitUnaryCall(proc.address, applyDef.path, encodeApply({ workload: serviceWorkload(ns, 'in-flight') }));
    await inFlight.sendFirstPart();
    await sleep(200);
    proc.child.kill('SIGTERM');
    await sleep(300);
    inFlight.sendRest();

    const result = await inFlight.done;
    assert.equal(result.status, 0, `the in-flight call must complete; got ${result.status} ${result.message}\n${proc.stderr()}`);
    const response = applyDef.responseDeserialize(result.body) as pb.ApplyResponse__Output;
    assert.equal(response.result, 'created');

    const end = await watch.ended;
    assert.equal(end.code, 0, `the watch must end cleanly; got ${end.code} ${end.details}`);
    const exit = await proc.exited;
    assert.deepEqual(exit, { code: 0, signal: null }, proc.stderr());
    assert.match(proc.stderr(), /"msg":"control plane stopped"/);

    // What the in-flight call wrote is there after a restart.
    const again = await spawnControlPlane(dir.path);
    processes.push(again);
    const client2 = workloadClient(again.address);
    clients.push(client2);
    const stored = await call(client2, 'Get', { namespace: ns, name: 'in-flight' });
    assert.equal(stored.metadata?.resourceVersion, response.workload?.metadata?.resourceVersion);
    again.child.kill('SIGINT');
    assert.deepEqual(await again.exited, { code: 0, signal: null });
  });

  it('refuses new connections once shutting down', async () => {
    const proc = await spawnControlPlane(dir.path);
    processes.push(proc);
    proc.child.kill('SIGTERM');
    assert.deepEqual(await proc.exited, { code: 0, signal: null });
    const client = workloadClient(proc.address);
    clients.push(client);
    await assert.rejects(call(client, 'List', {}, 1000), (err: { code?: number }) => err.code === 14 || err.code === 4);
  });
});
