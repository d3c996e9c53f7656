// Issue 3: an unschedulable workload shows the per-reason message; adding a matching node
// (starting another agent) schedules it.
import assert from 'node:assert/strict';
import { echoWorkload } from './support/echo-workload.js';
import { PipelineCluster } from './support/pipeline-cluster.js';

describe('pipeline: an unschedulable workload', function () {
  this.timeout(120_000);
  const ns = 'unsched';
  let cluster: PipelineCluster;
  before(async () => {
    cluster = await new PipelineCluster().start();
    await Promise.all([
      cluster.startAgent('agent-plain', { zone: 'a' }),
      cluster.startAgent('agent-small', { zone: 'b', disk: 'ssd' }, { memory: '512Mi' }),
    ]);
  });
  after(() => cluster?.close());

  const scheduled = async () => (await cluster.get(ns, 'db'))?.status?.conditions?.find((c) => c.type === 'Scheduled');

  it('says why no node fits, per reason, then runs once a matching node joins', async () => {
    await cluster.apply(echoWorkload(ns, 'db', cluster.portDir, { replicas: 1, memory: '1Gi', nodeSelector: { disk: 'ssd' } }));
    const c = await cluster.until('Scheduled=False', async () => {
      const got = await scheduled();
      return got?.status === 'False' && got;
    });
    assert.equal(c.reason, 'Unschedulable');
    assert.equal(c.message, '0/2 nodes available: 1 did not match nodeSelector, 1 insufficient memory.');
    assert.equal((await cluster.get(ns, 'db'))?.status?.phase, 'Pending');

    await cluster.startAgent('agent-big', { zone: 'c', disk: 'ssd' });
    const w = await cluster.until('Running on the new node', async () => {
      const got = await cluster.get(ns, 'db');
      return got?.status?.phase === 'Running' && got;
    }, 60_000);
    assert.deepEqual(w.status!.instances!.map((i) => i.node), ['agent-big']);
    assert.equal((await scheduled())?.status, 'True');
  });
});
