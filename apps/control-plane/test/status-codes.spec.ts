import { status } from '@grpc/grpc-js';
import type { pb } from '@mosaic/proto';
import assert from 'node:assert/strict';
import { call, expectStatus } from './support/grpc-client.js';
import { encodeApply, lenField, rawApply } from './support/raw-protobuf.js';
import { startTestControlPlane, type TestControlPlane } from './support/test-control-plane.js';
import { serviceWorkload, uniqueNamespace, wasmWorkload } from './support/workloads.js';

// Every error status of the API, asserted by code and message, and that a failed call wrote nothing.
describe('WorkloadService status codes', function () {
  let cp: TestControlPlane;
  before(async () => (cp = await startTestControlPlane()));
  after(async () => cp.close());

  /** The store revision: any write, anywhere, changes it. */
  const revision = async () => (await call(cp.client, 'List', { namespace: 'no-such-namespace' })).resourceVersion;

  async function expectNothingWritten(action: () => Promise<unknown>): Promise<void> {
    const before = await revision();
    await action();
    assert.equal(await revision(), before, 'a failed call must not write');
  }

  describe('INVALID_ARGUMENT lists every violation with its path', () => {
    const ns = uniqueNamespace('inv');
    const valid = serviceWorkload(ns, 'web');
    const cases: { name: string; request: () => Promise<unknown>; parts: string[] }[] = [
      {
        name: 'unknown field (protobuf field number the schema lacks)',
        request: () => rawApply(cp.client, Buffer.concat([encodeApply({ workload: valid }), lenField(1, lenField(4, lenField(10, lenField(99, 'surprise'))))])),
        parts: ['workload.spec.service: unknown field number 99', 'mosaic.v1.ServiceSpec has no such field'],
      },
      {
        name: 'wrong type (a string where int32 replicas belongs)',
        request: () => rawApply(cp.client, Buffer.concat([encodeApply({ workload: valid }), lenField(1, lenField(4, lenField(2, 'three')))])),
        parts: ['workload.spec.replicas: wrong type: expected int32, got a length-delimited value'],
      },
      {
        name: 'missing runtime section',
        request: () => call(cp.client, 'Apply', { workload: { ...valid, spec: { runtime: 'service' } } }),
        parts: [`Workload "${ns}/web" is invalid`, 'spec.service: required: runtime is service'],
      },
      {
        name: 'section for another runtime',
        request: () => call(cp.client, 'Apply', { workload: { ...valid, spec: { ...valid.spec, wasm: { module: { path: 'a.wasm' } } } } }),
        parts: ['spec.wasm: only allowed with runtime wasm (runtime is service)'],
      },
      {
        name: 'bad runtime',
        request: () => call(cp.client, 'Apply', { workload: { ...valid, spec: { runtime: 'vm', service: { command: ['x'] } } } }),
        parts: ['spec.runtime:', '"service"|"function"|"ebpf"|"wasm"'],
      },
      {
        name: 'bad name',
        request: () => call(cp.client, 'Apply', { workload: { ...valid, metadata: { name: 'Web_1', namespace: ns } } }),
        parts: ['metadata.name: must be a DNS-1123 label'],
      },
      {
        name: 'several problems at once are all listed',
        request: () => call(cp.client, 'Apply', { workload: { ...valid, metadata: { name: 'Bad!', namespace: ns }, spec: { runtime: 'service', replicas: -1, service: { command: ['x'] } } } }),
        parts: ['metadata.name:', 'spec.replicas:'],
      },
      {
        name: 'missing workload',
        request: () => call(cp.client, 'Apply', {}),
        parts: ['workload: required'],
      },
      {
        name: 'Get without a name',
        request: () => call(cp.client, 'Get', { namespace: ns }),
        parts: ['name: required'],
      },
      {
        name: 'List with a malformed label selector',
        request: () => call(cp.client, 'List', { labelSelector: 'app in web' }),
        parts: ['labelSelector: column 8: expected "(" after "in"'],
      },
      {
        name: 'List with an unknown runtime and a negative limit',
        request: () => call(cp.client, 'List', { runtime: 'vm', limit: -1 }),
        parts: ['runtime: unknown runtime "vm"', 'limit: must be 0'],
      },
      {
        name: 'Delete with a malformed resourceVersion',
        request: () => call(cp.client, 'Delete', { namespace: ns, name: 'web', resourceVersion: 'abc' }),
        parts: ['resourceVersion: must be a resourceVersion returned by the server'],
      },
    ];
    for (const tc of cases) {
      it(tc.name, async () => {
        await expectNothingWritten(() => expectStatus(tc.request(), status.INVALID_ARGUMENT, ...tc.parts));
      });
    }
    it('none of the invalid applies created the workload', async () => {
      await expectStatus(call(cp.client, 'Get', { namespace: ns, name: 'web' }), status.NOT_FOUND);
    });
  });

  it('NOT_FOUND for Get and Delete of a missing workload', async () => {
    const ns = uniqueNamespace('nf');
    await expectNothingWritten(async () => {
      await expectStatus(call(cp.client, 'Get', { namespace: ns, name: 'ghost' }), status.NOT_FOUND, `workload "${ns}/ghost" not found`);
      await expectStatus(call(cp.client, 'Delete', { namespace: ns, name: 'ghost' }), status.NOT_FOUND, `workload "${ns}/ghost" not found`);
    });
  });

  it('ALREADY_EXISTS for create_only on an existing workload, which stays as it was', async () => {
    const ns = uniqueNamespace('ae');
    const first = await call(cp.client, 'Apply', { workload: serviceWorkload(ns, 'web'), createOnly: true });
    assert.equal(first.result, 'created');
    await expectNothingWritten(() =>
      expectStatus(call(cp.client, 'Apply', { workload: serviceWorkload(ns, 'web', { replicas: 5 }), createOnly: true }), status.ALREADY_EXISTS, `workload "${ns}/web" already exists`),
    );
    const stored = await call(cp.client, 'Get', { namespace: ns, name: 'web' });
    assert.equal(stored.spec?.replicas, 1);
  });

  it('ABORTED for a stale resourceVersion, naming both versions', async () => {
    const ns = uniqueNamespace('ab');
    const v1 = (await call(cp.client, 'Apply', { workload: serviceWorkload(ns, 'web') })).workload!.metadata!.resourceVersion!;
    const v2 = (await call(cp.client, 'Apply', { workload: serviceWorkload(ns, 'web', { replicas: 2 }) })).workload!.metadata!.resourceVersion!;
    await expectNothingWritten(async () => {
      await expectStatus(
        call(cp.client, 'Apply', { workload: serviceWorkload(ns, 'web', { replicas: 3, resourceVersion: v1 }) }),
        status.ABORTED,
        `metadata.resourceVersion ${v1} was given but the current resourceVersion is ${v2}`,
      );
      await expectStatus(call(cp.client, 'Delete', { namespace: ns, name: 'web', resourceVersion: v1 }), status.ABORTED, `current resourceVersion is ${v2}`);
    });
    const stored = await call(cp.client, 'Get', { namespace: ns, name: 'web' });
    assert.equal(stored.spec?.replicas, 2);
    assert.equal(stored.metadata?.resourceVersion, v2);
  });

  it('FAILED_PRECONDITION when spec.runtime would change', async () => {
    const ns = uniqueNamespace('fp');
    await call(cp.client, 'Apply', { workload: serviceWorkload(ns, 'app') });
    await expectNothingWritten(() =>
      expectStatus(
        call(cp.client, 'Apply', { workload: wasmWorkload(ns, 'app') }),
        status.FAILED_PRECONDITION,
        'spec.runtime is immutable (service → wasm); delete the workload and apply it again',
      ),
    );
    assert.equal((await call(cp.client, 'Get', { namespace: ns, name: 'app' })).spec?.runtime, 'service');
  });

  it('FAILED_PRECONDITION when applying to a terminating workload', async () => {
    const ns = uniqueNamespace('term');
    const withFinalizer: pb.Workload = serviceWorkload(ns, 'app');
    withFinalizer.metadata!.finalizers = ['mosaic.dev/test'];
    await call(cp.client, 'Apply', { workload: withFinalizer });
    const deleted = await call(cp.client, 'Delete', { namespace: ns, name: 'app' });
    assert.ok(deleted.workload?.metadata?.deletionTimestamp, 'a workload with finalizers becomes terminating');
    await expectNothingWritten(() =>
      expectStatus(call(cp.client, 'Apply', { workload: serviceWorkload(ns, 'app', { replicas: 2 }) }), status.FAILED_PRECONDITION, `workload "${ns}/app" is being deleted`),
    );
  });
});
