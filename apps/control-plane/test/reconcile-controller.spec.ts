// The reconcile controller against a real SQLite store, with the agents' side played by the
// test (it writes Instance status and removes stop finalizers by hand). No Redis, no queue:
// each reconcile is called directly, so every step is deterministic.
import {
  INSTANCE_KIND,
  INSTANCE_STOP_FINALIZER,
  NODE_KIND,
  REVISION_KIND,
  WORKLOAD_INSTANCES_FINALIZER,
  WORKLOAD_KIND,
  type InstanceObject,
  type InstanceState,
  type NodeObject,
  type RevisionObject,
  type Workload,
} from '@mosaic/api';
import { createSqliteStore, type Store } from '@mosaic/store';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { ReconcileController } from '../src/reconciler/reconcile-controller.js';
import { iso, node, workload } from './support/reconcile-fixtures.js';

describe('ReconcileController on a real store', () => {
  let store: Store;
  let clock: number;
  let controller: ReconcileController;
  const requeues: [string, number][] = [];

  beforeEach(async () => {
    store = await createSqliteStore({ path: ':memory:' });
    clock = Date.now();
    requeues.length = 0;
    controller = new ReconcileController(store, {
      nodeLostGraceMs: 10_000,
      revisionHistoryLimit: 2,
      now: () => new Date(clock),
      requeueAt: (key, at) => requeues.push([key, at]),
      log: pino({ level: 'silent' }),
    });
    for (const [name, zone] of [['n1', 'a'], ['n2', 'b'], ['n3', 'c']] as const) {
      const n = node(name, { labels: { zone } });
      await store.create({ ...n, status: { ...n.status!, lastHeartbeatTime: iso(clock) } });
    }
  });
  afterEach(() => store.close());

  const apply = async (w: Workload) => {
    const existing = await store.get<Workload>(WORKLOAD_KIND, w.metadata.namespace, w.metadata.name).catch(() => undefined);
    if (!existing) return store.create({ ...w, metadata: { name: w.metadata.name, namespace: w.metadata.namespace } });
    return (await store.update({ ...existing, spec: w.spec })).object;
  };
  const get = (name: string) => store.get<Workload>(WORKLOAD_KIND, 'shop', name);
  const instancesOf = async (name: string) => (await store.list<InstanceObject>(INSTANCE_KIND, { namespace: 'shop' })).items.filter((i) => i.spec.workload === name);
  const report = (i: InstanceObject, state: InstanceState) =>
    store.updateStatus<InstanceObject>(INSTANCE_KIND, i.metadata.namespace, i.metadata.name, { state, restarts: 0, updatedAt: iso(clock) });
  /** The agent side: stop every terminating instance (drop its finalizer). */
  const agentStops = async () => {
    for (const i of await instancesOf('web')) {
      if (i.metadata.deletionTimestamp) await store.update({ ...i, metadata: { ...i.metadata, finalizers: [] } });
    }
  };
  const runAll = async (name: string) => {
    for (const i of await instancesOf(name)) if (!i.metadata.deletionTimestamp) await report(i, 'Running');
  };

  it('places instances in the agreed shape, adds the finalizer, makes revision 1 and writes status', async () => {
    await apply(workload('web', { replicas: 3, placement: { spread: { topologyKey: 'zone', maxSkew: 1 } } }));
    const outcome = await controller.reconcile('shop/web');
    assert.equal(outcome.created.length, 3);

    const w = await get('web');
    assert.deepEqual(w.metadata.finalizers, [WORKLOAD_INSTANCES_FINALIZER]);
    const revisions = (await store.list<RevisionObject>(REVISION_KIND)).items;
    assert.deepEqual(revisions.map((r) => [r.metadata.name, r.spec.revision, r.spec.workloadUid]), [['web-1', 1, w.metadata.uid]]);

    const list = await instancesOf('web');
    assert.deepEqual(list.map((i) => i.spec.node).sort(), ['n1', 'n2', 'n3'], 'spread over the zones');
    for (const i of list) {
      assert.match(i.metadata.name, /^web-1-[a-z0-9]{5}$/);
      assert.deepEqual(i.metadata.labels, { 'mosaic.dev/workload': 'web', 'mosaic.dev/revision': '1', 'mosaic.dev/node': i.spec.node });
      assert.deepEqual(i.metadata.finalizers, [INSTANCE_STOP_FINALIZER]);
      assert.deepEqual({ ...i.spec, template: undefined }, { workload: 'web', workloadUid: w.metadata.uid, revision: 1, node: i.spec.node, runtime: 'service', template: undefined });
      assert.deepEqual(i.spec.template, w.spec);
    }
    assert.equal(w.status?.phase, 'Pending');
    assert.equal(w.status?.revision, 1);
    assert.equal(w.status?.observedGeneration, 1);
    assert.equal(w.status?.instances?.length, 3);
  });

  it('is idempotent: a second run writes nothing', async () => {
    await apply(workload('web', { replicas: 2 }));
    await controller.reconcile('shop/web');
    await runAll('web');
    await controller.reconcile('shop/web');
    const before = await store.currentRevision();
    const again = await controller.reconcile('shop/web');
    assert.deepEqual([again.created, again.stopped, again.released, again.statusWritten], [[], [], [], false]);
    assert.equal(await store.currentRevision(), before);
    assert.equal((await get('web')).status?.phase, 'Running');
  });

  it('rolls a spec change out one at a time, never below replicas available', async () => {
    await apply(workload('web', { replicas: 3 }));
    await controller.reconcile('shop/web');
    await runAll('web');
    await controller.reconcile('shop/web');
    await apply(workload('web', { replicas: 3, service: { command: ['node', 'v2.js'] } }));

    for (let round = 0; round < 20; round++) {
      await controller.reconcile('shop/web');
      const live = (await instancesOf('web')).filter((i) => !i.metadata.deletionTimestamp);
      const available = live.filter((i) => i.status?.state === 'Running').length;
      assert.ok(available >= 3, `round ${round}: ${available} available`);
      assert.ok(live.length <= 4, `round ${round}: ${live.length} live (maxSurge 1)`);
      await agentStops();
      await runAll('web');
      if (live.length === 3 && live.every((i) => i.spec.revision === 2 && i.status?.state === 'Running')) break;
    }
    await controller.reconcile('shop/web');
    const w = await get('web');
    assert.equal(w.status?.revision, 2);
    assert.deepEqual((await instancesOf('web')).map((i) => i.spec.revision), [2, 2, 2]);
    assert.equal(w.status?.conditions?.find((c) => c.type === 'Progressing')?.reason, 'RolloutComplete');
  });

  it('releases the instances of a node lost past its grace and replaces them elsewhere', async () => {
    await apply(workload('web', { replicas: 3, placement: { spread: { topologyKey: 'zone', maxSkew: 2 } } }));
    await controller.reconcile('shop/web');
    await runAll('web');
    const victim = (await instancesOf('web'))[0]!;
    const lost = await store.get<NodeObject>(NODE_KIND, '', victim.spec.node);
    await store.updateStatus(NODE_KIND, '', lost.metadata.name, {
      ...lost.status!, state: 'NotReady',
      conditions: [{ type: 'Ready', status: 'False', reason: 'HeartbeatTimeout', message: '', lastTransitionTime: iso(clock) }],
    });

    await controller.reconcile('shop/web');
    assert.equal((await instancesOf('web')).length, 3, 'within the grace nothing moves');
    assert.deepEqual(requeues.at(-1), ['shop/web', clock + 10_000], 'asks to look again when the grace ends');

    clock += 10_001;
    const outcome = await controller.reconcile('shop/web');
    assert.deepEqual(outcome.released, [victim.metadata.name]);
    const after = await instancesOf('web');
    assert.equal(after.length, 3);
    assert.ok(!after.some((i) => i.metadata.name === victim.metadata.name), 'the lost instance is gone');
    assert.ok(!after.some((i) => i.spec.node === lost.metadata.name), 'no replacement on the lost node');
  });

  it('on delete stops every instance and lets the workload go once they are gone', async () => {
    await apply(workload('web', { replicas: 2 }));
    await controller.reconcile('shop/web');
    await store.delete(WORKLOAD_KIND, 'shop', 'web');
    await controller.reconcile('shop/web');
    assert.equal((await get('web')).status?.phase, 'Terminating');
    assert.ok((await instancesOf('web')).every((i) => i.metadata.deletionTimestamp), 'every instance is stopping');

    await agentStops();
    const outcome = await controller.reconcile('shop/web');
    assert.equal(outcome.finalized, true);
    await assert.rejects(get('web'), { code: 'NOT_FOUND' });
    assert.deepEqual((await store.list(REVISION_KIND)).items, [], 'revisions go with it');
  });

  it('stops the instances of an earlier workload of the same name', async () => {
    await apply(workload('web', { replicas: 1 }));
    await controller.reconcile('shop/web');
    const old = (await instancesOf('web'))[0]!;
    // Deleted behind the reconciler's back (finalizer dropped by hand), then re-created.
    const w = await get('web');
    await store.update({ ...w, metadata: { ...w.metadata, finalizers: [] } });
    await store.delete(WORKLOAD_KIND, 'shop', 'web');
    await apply(workload('web', { replicas: 1 }));
    const outcome = await controller.reconcile('shop/web');
    assert.ok(outcome.stopped.includes(old.metadata.name));
    assert.equal(outcome.created.length, 1);
  });

  it('reports an unschedulable workload with the scheduler\'s reasons', async () => {
    await apply(workload('big', { replicas: 2, resources: { cpu: '100m', memory: '1Ti' } }));
    await controller.reconcile('shop/big');
    const scheduled = (await get('big')).status?.conditions?.find((c) => c.type === 'Scheduled');
    assert.deepEqual([scheduled?.status, scheduled?.reason, scheduled?.message], ['False', 'Unschedulable', '0/3 nodes available: 3 insufficient memory.']);
  });

  it('keeps the revision history to the limit', async () => {
    for (const v of [1, 2, 3, 4, 5]) {
      await apply(workload('web', { replicas: 1, service: { command: ['node', `v${v}.js`] } }));
      await controller.reconcile('shop/web');
      await agentStops();
    }
    await controller.reconcile('shop/web');
    const names = (await store.list<RevisionObject>(REVISION_KIND)).items.map((r) => r.spec.revision).sort();
    assert.ok(names.includes(5) && names.length <= 4, `kept ${names.join(', ')}`);
  });
});
