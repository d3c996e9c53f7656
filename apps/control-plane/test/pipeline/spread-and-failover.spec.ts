// Issue 3: a service with replicas 3 and a spread constraint runs on 3 agents and answers;
// kill -9 of one agent moves its instance elsewhere after the heartbeat timeout (+ grace);
// restarting that agent does not run duplicates.
import assert from 'node:assert/strict';
import { askEcho, echoWorkload } from './support/echo-workload.js';
import { PipelineCluster, processAlive } from './support/pipeline-cluster.js';

describe('pipeline: spread over three agents, and failover of a killed agent', function () {
  this.timeout(120_000);
  const ns = 'spread';
  let cluster: PipelineCluster;
  before(async () => {
    cluster = await new PipelineCluster({ heartbeatTimeoutSeconds: 2, nodeLostGraceSeconds: 1 }).start();
    await Promise.all([
      cluster.startAgent('agent-a', { zone: 'a' }),
      cluster.startAgent('agent-b', { zone: 'b' }),
      cluster.startAgent('agent-c', { zone: 'c' }),
    ]);
  });
  after(() => cluster?.close());

  const running = async () => {
    const w = await cluster.get(ns, 'web');
    const list = w?.status?.instances ?? [];
    return w?.status?.phase === 'Running' && list.length === 3 && list.every((i) => i.state === 'Running') ? list : undefined;
  };
  /** Live echo processes of the workload (published, pid alive). */
  const liveProcesses = () => [...cluster.published().values()].filter((p) => processAlive(p.pid));

  it('runs one replica per zone, each answering on its own port', async () => {
    await cluster.apply(echoWorkload(ns, 'web', cluster.portDir, { replicas: 3, spreadKey: 'zone' }));
    const instances = await cluster.until('3 instances Running', running, 60_000);
    assert.deepEqual(instances.map((i) => i.node).sort(), ['agent-a', 'agent-b', 'agent-c']);
    await cluster.until('every instance published its port', () => instances.every((i) => cluster.published().has(i.id)));
    for (const i of instances) {
      const answer = await askEcho(cluster.published().get(i.id)!.port);
      assert.deepEqual([answer.instance, answer.node, answer.revision], [i.id, i.node, 1]);
    }
    const w = (await cluster.get(ns, 'web'))!;
    assert.deepEqual(w.status?.conditions?.map((c) => `${c.type}=${c.status}`), ['Scheduled=True', 'Available=True', 'Progressing=True']);
  });

  it('replaces the instance of a kill -9\'d agent on another node, and the restarted agent runs no duplicate', async () => {
    const before = (await running())!;
    const victim = before.find((i) => i.node === 'agent-b')!;
    const victimPid = cluster.published().get(victim.id)!.pid;
    const killedAt = Date.now();
    await cluster.killAgent('agent-b');

    const after = await cluster.until('a replacement Running elsewhere', async () => {
      const list = await running();
      return list && !list.some((i) => i.id === victim.id) ? list : undefined;
    }, 60_000);
    const movedAfterMs = Date.now() - killedAt;
    assert.ok(movedAfterMs >= 2000, `moved after ${movedAfterMs} ms: not before the heartbeat timeout`);
    assert.ok(after.every((i) => i.node !== 'agent-b'));
    const replacement = after.find((i) => !before.some((b) => b.id === i.id))!;
    await cluster.until('the replacement answers', async () => cluster.published().has(replacement.id) && (await askEcho(cluster.published().get(replacement.id)!.port)).instance === replacement.id);
    // The killed agent's process outlives it (instances run detached): it is what must not survive the restart.
    assert.ok(processAlive(victimPid), 'the orphan keeps running while its agent is down');

    await cluster.startAgent('agent-b', { zone: 'b' });
    await cluster.until('the restarted agent stops the orphan', () => !processAlive(victimPid), 30_000);
    const final = (await running())!;
    assert.deepEqual(final.map((i) => i.id).sort(), after.map((i) => i.id).sort(), 'nothing else moved');
    const live = liveProcesses();
    assert.equal(live.length, 3, `live echo processes: ${live.map((p) => `${p.instance}@${p.node}`).join(', ')}`);
    for (const p of live) assert.equal((await askEcho(p.port)).instance, p.instance);
  });
});
