// The function autoscaler wired into a real control plane (private Redis, reconcile worker, store
// watches): jobs added straight to a revision queue make instances appear, an idle queue makes
// them go, with Node objects written by the test in place of agents (no function driver needed).
import { INSTANCE_KIND, WORKLOAD_KIND, type InstanceObject, type Workload } from '@mosaic/api';
import { functionQueueConnection, functionQueueName } from '@mosaic/queue';
import { Queue } from 'bullmq';
import { pino } from 'pino';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { FunctionAutoscaler } from '../../src/functions/scaling/function-autoscaler.js';
import { iso, node } from '../support/reconcile-fixtures.js';
import { startTestControlPlane, type TestControlPlane } from '../support/test-control-plane.js';
import { uniqueNamespace } from '../support/workloads.js';
import { until as untilDone } from '../support/until.js';

const until = <T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 15_000) => untilDone(what, probe, timeoutMs);

describe('function autoscaler (control plane + private Redis)', function () {
  this.timeout(60_000);
  let cp: TestControlPlane;
  const queues: Queue[] = [];
  before(async () => (cp = await startTestControlPlane({ reconcile: true, resyncIntervalSeconds: 1 })));
  after(async () => {
    await Promise.all(queues.map((q) => q.close()));
    await cp?.close();
  });

  const store = () => cp.controlPlane.store;
  const live = async (ns: string) => (await store().list<InstanceObject>(INSTANCE_KIND, { namespace: ns })).items.filter((i) => !i.metadata.deletionTimestamp);
  const workloadOf = (ns: string) => store().get<Workload>(WORKLOAD_KIND, ns, 'fn');
  const scaled = async (ns: string) => (await workloadOf(ns)).status?.conditions?.find((c) => c.type === 'Scaled');

  async function applyFunction(ns: string, scale: Record<string, number>) {
    const n = node(`${ns}-n1`, { labels: { pool: ns }, runtimes: ['function'] });
    await store().create({ ...n, status: { ...n.status!, lastHeartbeatTime: iso(Date.now()) } });
    await cp.controlPlane.workloads.apply({
      apiVersion: 'mosaic.dev/v1', kind: 'Workload', metadata: { name: 'fn', namespace: ns },
      spec: {
        runtime: 'function', resources: { cpu: '10m', memory: '16Mi' }, placement: { nodeSelector: { pool: ns } },
        function: { source: { path: 'index.mjs' }, handler: 'index.handler', trigger: { queue: {} }, concurrency: 2, scale },
      },
    });
    const revision = await until('revision 1', async () => (await workloadOf(ns)).status?.revision);
    const queue = new Queue(functionQueueName(ns, 'fn', revision), functionQueueConnection(cp.controlPlane.reconciler!.redis.url));
    queues.push(queue);
    return queue;
  }

  it('scales 0 → ceil(waiting / concurrency) capped by max → 0 after idleSeconds, Running + ScaledToZero at zero', async () => {
    const ns = uniqueNamespace('fnscale');
    const queue = await applyFunction(ns, { min: 0, max: 3, idleSeconds: 2 });
    await until('ScaledToZero before any invocation', async () => (await scaled(ns))?.reason === 'ScaledToZero');
    assert.equal((await live(ns)).length, 0);
    assert.equal((await workloadOf(ns)).status?.phase, 'Running');

    await queue.add('invoke', { n: 1 });
    await until('a cold start: 1 instance', async () => (await live(ns)).length === 1);
    await queue.addBulk(Array.from({ length: 9 }, (_, n) => ({ name: 'invoke', data: { n } })));
    await until('3 instances (10 waiting / 2 = 5, capped by max 3)', async () => (await live(ns)).length === 3);
    assert.equal((await scaled(ns))?.reason, 'ScaledToLoad');

    await queue.drain();
    const drainedAt = Date.now();
    await until('scaled back to zero', async () => (await live(ns)).length === 0 && (await scaled(ns))?.reason === 'ScaledToZero');
    const took = Date.now() - drainedAt;
    assert.ok(took >= 1500, `kept its instances for idleSeconds after the last activity (went after ${took} ms)`);
    assert.equal((await workloadOf(ns)).status?.phase, 'Running');
  });

  it('keeps scale.min when idle and holds through idleSeconds after the last job', async () => {
    const ns = uniqueNamespace('fnscale');
    const queue = await applyFunction(ns, { min: 1, max: 4, idleSeconds: 3 });
    await until('min 1 instance', async () => (await live(ns)).length === 1);
    await queue.addBulk(Array.from({ length: 8 }, (_, n) => ({ name: 'invoke', data: { n } })));
    await until('4 instances', async () => (await live(ns)).length === 4);
    await queue.drain();
    await sleep(1500);
    assert.equal((await live(ns)).length, 4, 'still held within idleSeconds');
    await until('back to min 1', async () => (await live(ns)).length === 1);
    await sleep(1000);
    assert.equal((await live(ns)).length, 1, 'never below min');
  });

  it('a restarted autoscaler keeps running instances through idleSeconds before scaling them down', async () => {
    const ns = uniqueNamespace('fnscale');
    const queue = await applyFunction(ns, { min: 0, max: 3, idleSeconds: 3 });
    await queue.addBulk(Array.from({ length: 6 }, (_, n) => ({ name: 'invoke', data: { n } })));
    await until('3 instances', async () => (await live(ns)).length === 3);
    await queue.drain();

    // A second autoscaler, as after a control-plane restart: nothing in memory, 3 live instances.
    const enqueued: string[] = [];
    const fresh = new FunctionAutoscaler(store(), { redisUrl: cp.controlPlane.reconciler!.redis.url, enqueue: (k) => enqueued.push(k), log: pino({ level: 'silent' }), intervalMs: 3_600_000 });
    fresh.start();
    try {
      const key = `${ns}/fn`;
      const started = Date.now();
      const first = await until('first evaluation', async () => {
        await fresh.evaluateAll();
        return fresh.targets(key);
      });
      assert.equal(first.get(1), 3, 'keeps the running instances (idle hold), not zero');
      assert.ok(enqueued.includes(key));
      await until('scaled to zero after idleSeconds', async () => {
        await fresh.evaluateAll();
        return fresh.targets(key)?.get(1) === 0;
      });
      assert.ok(Date.now() - started >= 2500, 'not before idleSeconds');
    } finally {
      await fresh.stop();
    }
  });

  it('a delayed retry due soon keeps one instance', async () => {
    const ns = uniqueNamespace('fnscale');
    const queue = await applyFunction(ns, { min: 0, max: 2, idleSeconds: 30 });
    await queue.add('invoke', {}, { delay: 5_000 });
    await until('1 instance for the delayed job', async () => (await live(ns)).length === 1);
    assert.equal(cp.controlPlane.reconciler!.autoscaler.targets(`${ns}/fn`)?.get(1), 1);
  });
});
