// The reconciler wired into a real control plane (private Redis, BullMQ worker, store watches),
// with Node objects and instance reports written by the test in place of agents.
import {
  INSTANCE_KIND,
  NODE_KIND,
  WORKLOAD_KIND,
  type InstanceObject,
  type NodeObject,
  type Workload,
} from '@mosaic/api';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { iso, node } from './support/reconcile-fixtures.js';
import { startTestControlPlane, type TestControlPlane } from './support/test-control-plane.js';
import { uniqueNamespace } from './support/workloads.js';
import { until } from './support/until.js';

describe('the reconciler wired into the control plane', function () {
  this.timeout(30_000);
  let cp: TestControlPlane;
  before(async () => (cp = await startTestControlPlane({ reconcile: true, resyncIntervalSeconds: 1 })));
  after(() => cp?.close());

  const store = () => cp.controlPlane.store;
  const addNode = async (name: string, labels: Record<string, string>) => {
    const n = node(name, { labels });
    await store().create({ ...n, status: { ...n.status!, lastHeartbeatTime: iso(Date.now()) } });
  };
  const instancesOf = async (ns: string) => (await store().list<InstanceObject>(INSTANCE_KIND, { namespace: ns })).items;
  const workloadOf = (ns: string, name: string) => store().get<Workload>(WORKLOAD_KIND, ns, name);
  const spec = (extra: Record<string, unknown> = {}) => ({ runtime: 'service', replicas: 2, service: { command: ['node', 'x.js'] }, ...extra });

  it('starts a private Redis under the state dir', () => {
    const r = cp.controlPlane.reconciler!;
    assert.equal(r.redis.source, 'private');
    assert.ok(existsSync(join(cp.stateDir, 'redis')));
  });

  it('places a new workload, and reports it Running once its instances run', async () => {
    const ns = uniqueNamespace('wire');
    await addNode(`${ns}-n1`, { pool: ns });
    await cp.controlPlane.workloads.apply({ apiVersion: 'mosaic.dev/v1', kind: 'Workload', metadata: { name: 'web', namespace: ns }, spec: spec({ placement: { nodeSelector: { pool: ns } } }) });
    const placed = await until('two instances', async () => {
      const list = await instancesOf(ns);
      return list.length === 2 && list;
    });
    for (const i of placed) await store().updateStatus(INSTANCE_KIND, ns, i.metadata.name, { state: 'Running', restarts: 0, updatedAt: iso(Date.now()) });
    await until('phase Running', async () => (await workloadOf(ns, 'web')).status?.phase === 'Running');
  });

  it('schedules an unschedulable workload when a matching node appears', async () => {
    const ns = uniqueNamespace('wire');
    await cp.controlPlane.workloads.apply({ apiVersion: 'mosaic.dev/v1', kind: 'Workload', metadata: { name: 'gpu', namespace: ns }, spec: spec({ placement: { nodeSelector: { gpu: ns } } }) });
    const waiting = await until('Scheduled False', async () => {
      const c = (await workloadOf(ns, 'gpu')).status?.conditions?.find((x) => x.type === 'Scheduled');
      return c?.status === 'False' && c;
    });
    assert.equal(waiting.reason, 'Unschedulable');
    assert.match(waiting.message, /^0\/\d+ nodes available: \d+ did not match nodeSelector\.$/);
    await addNode(`${ns}-gpu`, { gpu: ns });
    await until('placed on the new node', async () => (await instancesOf(ns)).filter((i) => i.spec.node === `${ns}-gpu`).length === 2);
    await until('Scheduled True', async () => (await workloadOf(ns, 'gpu')).status?.conditions?.find((x) => x.type === 'Scheduled')?.status === 'True');
  });

  it('holds a deleted workload until its instances are stopped', async () => {
    const ns = uniqueNamespace('wire');
    await addNode(`${ns}-n1`, { pool: ns });
    await cp.controlPlane.workloads.apply({ apiVersion: 'mosaic.dev/v1', kind: 'Workload', metadata: { name: 'web', namespace: ns }, spec: spec({ placement: { nodeSelector: { pool: ns } } }) });
    await until('instances', async () => (await instancesOf(ns)).length === 2);
    await until('finalizer', async () => (await workloadOf(ns, 'web')).metadata.finalizers?.length);
    await cp.controlPlane.workloads.delete(ns, 'web');
    const stopping = await until('every instance stopping', async () => {
      const list = await instancesOf(ns);
      return list.every((i) => i.metadata.deletionTimestamp) && list;
    });
    assert.equal((await workloadOf(ns, 'web')).status?.phase, 'Terminating');
    // The agent side confirms the stops.
    for (const i of stopping) await store().update({ ...i, metadata: { ...i.metadata, finalizers: [] } });
    await until('the workload is gone', async () => !(await workloadOf(ns, 'web').catch(() => undefined)));
  });

  it('replaces instances of a node that stays NotReady past the grace', async () => {
    const ns = uniqueNamespace('wire');
    const local = await startTestControlPlane({ reconcile: true, nodeLostGraceSeconds: 1 });
    try {
      const s = local.controlPlane.store;
      for (const name of ['a', 'b']) {
        const n = node(name, { labels: { pool: ns } });
        await s.create({ ...n, status: { ...n.status!, lastHeartbeatTime: iso(Date.now()) } });
      }
      await local.controlPlane.workloads.apply({ apiVersion: 'mosaic.dev/v1', kind: 'Workload', metadata: { name: 'web', namespace: ns }, spec: spec({ replicas: 1 }) });
      const [first] = await until('one instance', async () => {
        const list = (await s.list<InstanceObject>(INSTANCE_KIND)).items;
        return list.length === 1 && list;
      });
      const down = await s.get<NodeObject>(NODE_KIND, '', first!.spec.node);
      await s.updateStatus(NODE_KIND, '', down.metadata.name, {
        ...down.status!, state: 'NotReady',
        conditions: [{ type: 'Ready', status: 'False', reason: 'HeartbeatTimeout', message: '', lastTransitionTime: iso(Date.now()) }],
      });
      // No event marks the end of the grace: the requeue timer does.
      const moved = await until('a replacement on the other node', async () => {
        const list = (await s.list<InstanceObject>(INSTANCE_KIND)).items;
        return list.length === 1 && list[0]!.spec.node !== down.metadata.name && list[0];
      });
      assert.notEqual(moved.metadata.name, first!.metadata.name);
    } finally {
      await local.close();
    }
  });
});
