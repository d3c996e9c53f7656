// Issue 3: a crash-looping service shows the CrashLoop condition and backs off (the driver
// restarts it in place with growing delays; the reconciler does not replace it).
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { PipelineCluster } from './support/pipeline-cluster.js';

describe('pipeline: a crash-looping service', function () {
  this.timeout(120_000);
  const ns = 'crashloop';
  let cluster: PipelineCluster;
  before(async () => {
    cluster = await new PipelineCluster().start();
    await cluster.startAgent('agent-a', { zone: 'a' });
  });
  after(() => cluster?.close());

  it('shows the CrashLoop condition, is Degraded, and backs off instead of restarting hot', async () => {
    await cluster.apply({
      apiVersion: 'mosaic.dev/v1', kind: 'Workload',
      metadata: { name: 'crasher', namespace: ns },
      spec: { runtime: 'service', replicas: 1, service: { command: [process.execPath, '-e', 'console.error("boom"); process.exit(3)'] } },
    });
    const w = await cluster.until('the CrashLoop condition', async () => {
      const got = await cluster.get(ns, 'crasher');
      return got?.status?.conditions?.some((c) => c.type === 'CrashLoop' && c.status === 'True') && got;
    }, 60_000);
    const condition = w.status!.conditions!.find((c) => c.type === 'CrashLoop')!;
    assert.equal(condition.reason, 'CrashLoopBackOff');
    const [instance] = w.status!.instances!;
    assert.ok(instance, 'one instance');
    assert.match(condition.message, new RegExp(`^1 instance\\(s\\) crash-looping: ${instance.id} on agent-a`));
    assert.equal(w.status!.phase, 'Degraded');
    assert.equal(w.status!.conditions!.find((c) => c.type === 'Available')?.status, 'False');
    assert.ok(instance.restarts >= 2, `restarts ${instance.restarts}`);

    // Back-off: 1 s, 2 s, 4 s, 8 s, … between restarts — a hot loop would restart many times.
    const first = instance.restarts;
    await sleep(5000);
    const later = (await cluster.get(ns, 'crasher'))!;
    const [same] = later.status!.instances!;
    assert.equal(same?.id, instance.id, 'restarted in place, not replaced');
    assert.ok(same && same.restarts - first <= 2, `restarts went ${first} → ${same?.restarts} in 5 s`);
    assert.equal(later.status!.instances!.length, 1);
  });
});
