import { status } from '@grpc/grpc-js';
import type { pb } from '@mosaic/proto';
import assert from 'node:assert/strict';
import { call, expectStatus } from './support/grpc-client.js';
import { startTestControlPlane, type TestControlPlane } from './support/test-control-plane.js';
import { serviceWorkload, uniqueNamespace } from './support/workloads.js';

describe('WorkloadService Apply, Get and Delete', function () {
  let cp: TestControlPlane;
  before(async () => (cp = await startTestControlPlane()));
  after(async () => cp.close());

  const revision = async () => (await call(cp.client, 'List', { namespace: 'no-such-namespace' })).resourceVersion;
  const apply = (workload: pb.Workload, extra: Omit<pb.ApplyRequest, 'workload'> = {}) => call(cp.client, 'Apply', { workload, ...extra });

  it('reports created, then unchanged (no new revision), then configured', async () => {
    const ns = uniqueNamespace('apply');
    const created = await apply(serviceWorkload(ns, 'web'));
    assert.equal(created.result, 'created');
    assert.equal(created.workload?.metadata?.generation, '1');
    assert.ok(created.workload?.metadata?.uid);
    assert.ok(created.workload?.metadata?.creationTimestamp);
    assert.equal(created.workload?.spec?.replicas, 1, 'defaults are filled in');

    const before = await revision();
    const again = await apply(serviceWorkload(ns, 'web'));
    assert.equal(again.result, 'unchanged');
    assert.equal(again.workload?.metadata?.resourceVersion, created.workload?.metadata?.resourceVersion);
    assert.equal(await revision(), before, 'an unchanged apply writes no revision');

    const changed = await apply(serviceWorkload(ns, 'web', { replicas: 3 }));
    assert.equal(changed.result, 'configured');
    assert.equal(changed.workload?.spec?.replicas, 3);
    assert.ok(Number(changed.workload?.metadata?.resourceVersion) > Number(before));
  });

  it('bumps generation on spec changes only, not on label or annotation changes', async () => {
    const ns = uniqueNamespace('gen');
    await apply(serviceWorkload(ns, 'web'));
    const labelled = await apply(serviceWorkload(ns, 'web', { labels: { app: 'web' }, annotations: { note: 'x' } }));
    assert.equal(labelled.result, 'configured');
    assert.equal(labelled.workload?.metadata?.generation, '1');
    assert.deepEqual(labelled.workload?.metadata?.labels, { app: 'web' });
    const specChange = await apply(serviceWorkload(ns, 'web', { labels: { app: 'web' }, annotations: { note: 'x' }, command: ['node', 'v2.js'] }));
    assert.equal(specChange.result, 'configured');
    assert.equal(specChange.workload?.metadata?.generation, '2');
    const get = await call(cp.client, 'Get', { namespace: ns, name: 'web' });
    assert.deepEqual(get.spec?.service?.command, ['node', 'v2.js']);
    assert.equal(get.metadata?.generation, '2');
  });

  it('ignores server-owned metadata and status sent by the client', async () => {
    const ns = uniqueNamespace('owned');
    const workload = serviceWorkload(ns, 'web');
    workload.metadata = { ...workload.metadata, uid: 'client-uid', generation: 42, creationTimestamp: '2000-01-01T00:00:00Z' };
    workload.status = { phase: 'Running', observedGeneration: 42 };
    const created = await apply(workload);
    assert.notEqual(created.workload?.metadata?.uid, 'client-uid');
    assert.equal(created.workload?.metadata?.generation, '1');
    assert.notEqual(created.workload?.metadata?.creationTimestamp, '2000-01-01T00:00:00Z');
    assert.equal(created.workload?.status, undefined);
  });

  it('dry run of a create computes the object and writes nothing', async () => {
    const ns = uniqueNamespace('dry');
    const before = await revision();
    const dry = await apply(serviceWorkload(ns, 'web', { labels: { app: 'web' } }), { dryRun: true });
    assert.equal(dry.result, 'created');
    assert.equal(dry.workload?.metadata?.generation, '1');
    assert.equal(dry.workload?.spec?.replicas, 1, 'defaults are filled in');
    assert.equal(await revision(), before);
    await expectStatus(call(cp.client, 'Get', { namespace: ns, name: 'web' }), status.NOT_FOUND);

    // The real apply stores what the dry run showed (apart from what only a write assigns).
    const real = await apply(serviceWorkload(ns, 'web', { labels: { app: 'web' } }));
    assert.deepEqual(real.workload?.spec, dry.workload?.spec);
    assert.deepEqual(real.workload?.metadata?.labels, dry.workload?.metadata?.labels);
  });

  it('dry run of an update shows the new generation and writes nothing', async () => {
    const ns = uniqueNamespace('dryup');
    const created = await apply(serviceWorkload(ns, 'web'));
    const before = await revision();
    const dry = await apply(serviceWorkload(ns, 'web', { replicas: 4 }), { dryRun: true });
    assert.equal(dry.result, 'configured');
    assert.equal(dry.workload?.metadata?.generation, '2');
    assert.equal(dry.workload?.spec?.replicas, 4);
    assert.equal(await revision(), before);
    const stored = await call(cp.client, 'Get', { namespace: ns, name: 'web' });
    assert.deepEqual(stored, created.workload, 'the stored object is untouched');
    const real = await apply(serviceWorkload(ns, 'web', { replicas: 4 }));
    assert.deepEqual({ ...real.workload, metadata: { ...real.workload?.metadata, resourceVersion: '' } }, { ...dry.workload, metadata: { ...dry.workload?.metadata, resourceVersion: '' } });
  });

  it('applies with a current resourceVersion precondition', async () => {
    const ns = uniqueNamespace('rv');
    const created = await apply(serviceWorkload(ns, 'web'));
    const updated = await apply(serviceWorkload(ns, 'web', { replicas: 2, resourceVersion: created.workload!.metadata!.resourceVersion! }));
    assert.equal(updated.result, 'configured');
  });

  it('deletes, with dry run and a resourceVersion precondition', async () => {
    const ns = uniqueNamespace('del');
    const created = await apply(serviceWorkload(ns, 'web'));
    const rv = created.workload!.metadata!.resourceVersion!;
    const before = await revision();
    const dry = await call(cp.client, 'Delete', { namespace: ns, name: 'web', dryRun: true, resourceVersion: rv });
    assert.equal(dry.workload?.metadata?.name, 'web');
    assert.equal(await revision(), before);
    await call(cp.client, 'Get', { namespace: ns, name: 'web' });

    const deleted = await call(cp.client, 'Delete', { namespace: ns, name: 'web', resourceVersion: rv });
    assert.equal(deleted.workload?.metadata?.name, 'web');
    await expectStatus(call(cp.client, 'Get', { namespace: ns, name: 'web' }), status.NOT_FOUND);
  });

  it('uses the default namespace when none is given', async () => {
    const workload = serviceWorkload('', `defaulted-${Date.now()}`);
    delete workload.metadata!.namespace;
    const created = await apply(workload);
    assert.equal(created.workload?.metadata?.namespace, 'default');
    await call(cp.client, 'Get', { name: workload.metadata!.name! });
    await call(cp.client, 'Delete', { name: workload.metadata!.name! });
  });

  it('reads a port of 0 or none as dynamic (proto3 cannot tell them apart), and a set port as static', async () => {
    const ns = uniqueNamespace('ports');
    const withPorts = (ports: pb.Port[]): pb.Workload => {
      const w = serviceWorkload(ns, 'web');
      return { ...w, spec: { ...w.spec, service: { ...w.spec!.service, ports } } };
    };
    const created = await apply(withPorts([{ name: 'http', port: 0 }, { name: 'admin', port: 9090 }]));
    assert.deepEqual(created.workload?.spec?.service?.ports, [{ name: 'http', protocol: 'TCP' }, { name: 'admin', port: 9090, protocol: 'TCP' }]);
    const same = await apply(withPorts([{ name: 'http' }, { name: 'admin', port: 9090 }]));
    assert.equal(same.result, 'unchanged', 'absent and 0 are the same dynamic port');
    await expectStatus(apply(withPorts([{ name: 'http', port: -1 }])), status.INVALID_ARGUMENT, /spec\.service\.ports\[0\]\.port/);
  });
});
