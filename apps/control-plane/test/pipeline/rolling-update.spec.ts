// Issue 3: changing the spec rolls instances to the new revision without dropping below the
// allowed available count. Sampled two ways while it rolls: the workload's status (what the
// reconciler publishes) and the processes themselves (how many echo servers answer).
import assert from 'node:assert/strict';
import { askEcho, echoWorkload } from './support/echo-workload.js';
import { PipelineCluster, processAlive } from './support/pipeline-cluster.js';

describe('pipeline: a rolling update', function () {
  this.timeout(180_000);
  const ns = 'rolling';
  let cluster: PipelineCluster;
  before(async () => {
    cluster = await new PipelineCluster().start();
    await Promise.all([
      cluster.startAgent('agent-a', { zone: 'a' }),
      cluster.startAgent('agent-b', { zone: 'b' }),
      cluster.startAgent('agent-c', { zone: 'c' }),
    ]);
  });
  after(() => cluster?.close());

  const answering = async () => {
    const results = await Promise.all([...cluster.published().values()].filter((p) => processAlive(p.pid)).map((p) => askEcho(p.port).catch(() => undefined)));
    return results.filter((r) => r !== undefined);
  };

  const cases = [
    // replicas 3, maxSurge 25% → 1, maxUnavailable 0: never fewer than 3 available, at most 4 live.
    { name: 'defaults (maxSurge 25%, maxUnavailable 0)', workload: 'web', rollout: undefined, minAvailable: 3, maxLive: 4 },
    // replicas 3, maxSurge 0, maxUnavailable 1: never fewer than 2, never more than 3.
    { name: 'maxSurge 0, maxUnavailable 1', workload: 'api', rollout: { maxSurge: '0', maxUnavailable: '1' }, minAvailable: 2, maxLive: 3 },
  ];
  for (const tc of cases) {
    it(`rolls to the new revision within the budget: ${tc.name}`, async () => {
      const spec = (version: string) => echoWorkload(ns, tc.workload, cluster.portDir, { replicas: 3, spreadKey: 'zone', version, ...(tc.rollout ? { rollout: tc.rollout } : {}) });
      await cluster.apply(spec('v1'));
      await cluster.until('revision 1 Running', async () => {
        const w = await cluster.get(ns, tc.workload);
        return w?.status?.phase === 'Running' && w.status.instances?.filter((i) => i.state === 'Running').length === 3;
      }, 60_000);

      await cluster.apply(spec('v2'));
      const samples: { available: number; live: number; revisions: number[]; answering: number; versions: string[] }[] = [];
      await cluster.until('revision 2 rolled out', async () => {
        const w = (await cluster.get(ns, tc.workload))!;
        const live = (w.status?.instances ?? []).filter((i) => i.state !== 'Stopping' && i.state !== 'Stopped');
        const mine = (await answering()).filter((a) => a.instance.startsWith(`${tc.workload}-`));
        samples.push({
          available: live.filter((i) => i.state === 'Running').length,
          live: live.length,
          revisions: [...new Set(live.map((i) => i.revision))].sort(),
          answering: mine.length,
          versions: [...new Set(mine.map((a) => a.version))].sort(),
        });
        // Done: three of revision 2 Running, and the old ones' stops confirmed (gone from the list).
        const all = w.status?.instances ?? [];
        const done = w.status?.revision === 2 && all.length === 3 && all.every((i) => i.revision === 2 && i.state === 'Running');
        return done && w.status?.conditions?.find((c) => c.type === 'Progressing')?.reason === 'RolloutComplete';
      }, 120_000);

      const low = samples.filter((s) => s.available < tc.minAvailable || s.answering < tc.minAvailable);
      assert.deepEqual(low, [], `dropped below ${tc.minAvailable} available in ${low.length} of ${samples.length} samples`);
      const high = samples.filter((s) => s.live > tc.maxLive);
      assert.deepEqual(high, [], `more than ${tc.maxLive} live instances`);
      assert.ok(samples.some((s) => s.revisions.length === 2), 'old and new ran side by side: a rolling, not a recreate');
      const final = (await cluster.get(ns, tc.workload))!;
      assert.deepEqual(final.status!.instances!.map((i) => i.revision), [2, 2, 2]);
      assert.deepEqual((await answering()).filter((a) => a.instance.startsWith(`${tc.workload}-`)).map((a) => a.version), ['v2', 'v2', 'v2']);
    });
  }
});
