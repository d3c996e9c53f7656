// Issue 3: kill -9 of the control plane — running instances keep running, and after the
// restart nothing is restarted needlessly (same instances, same pids, same restart counts).
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { askEcho, echoWorkload } from './support/echo-workload.js';
import { PipelineCluster, processAlive } from './support/pipeline-cluster.js';

describe('pipeline: kill -9 of the control plane', function () {
  this.timeout(120_000);
  const ns = 'cprestart';
  let cluster: PipelineCluster;
  before(async () => {
    cluster = await new PipelineCluster({ heartbeatTimeoutSeconds: 2, nodeLostGraceSeconds: 1, resyncIntervalSeconds: 1 }).start();
    await Promise.all([cluster.startAgent('agent-a', { zone: 'a' }), cluster.startAgent('agent-b', { zone: 'b' })]);
  });
  after(() => cluster?.close());

  const snapshot = async () => {
    const w = await cluster.get(ns, 'web');
    const list = w?.status?.instances ?? [];
    if (w?.status?.phase !== 'Running' || list.length !== 3 || !list.every((i) => i.state === 'Running')) return undefined;
    const published = cluster.published();
    if (!list.every((i) => published.has(i.id))) return undefined;
    return list.map((i) => ({ id: i.id, node: i.node, restarts: i.restarts, pid: published.get(i.id)!.pid, port: published.get(i.id)!.port })).sort((a, b) => (a.id < b.id ? -1 : 1));
  };

  it('keeps instances running through the outage and restarts none of them afterwards', async () => {
    await cluster.apply(echoWorkload(ns, 'web', cluster.portDir, { replicas: 3, spreadKey: 'zone' }));
    const before = await cluster.until('3 instances Running', snapshot, 60_000);

    await cluster.killControlPlane();
    await sleep(1500);
    for (const i of before) {
      assert.ok(processAlive(i.pid), `${i.id} died with the control plane`);
      assert.equal((await askEcho(i.port)).instance, i.id, `${i.id} stopped answering during the outage`);
    }

    await cluster.startControlPlane();
    await cluster.until('both agents reconnected', async () => (await cluster.nodeState('agent-a')) === 'Ready' && (await cluster.nodeState('agent-b')) === 'Ready');
    // Several resyncs (every second) and the restarted agents' re-registrations happen meanwhile.
    await sleep(5000);
    const after = await cluster.until('3 instances Running after the restart', snapshot, 30_000);
    assert.deepEqual(after, before, 'same instances on the same nodes, same pids, same restart counts');
    for (const i of after) assert.equal((await askEcho(i.port)).pid, i.pid);
    const w = (await cluster.get(ns, 'web'))!;
    assert.equal(w.status?.revision, 1, 'no new revision');
  });
});
