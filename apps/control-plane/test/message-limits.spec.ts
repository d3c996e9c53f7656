import { status } from '@grpc/grpc-js';
import assert from 'node:assert/strict';
import { call, expectStatus } from './support/grpc-client.js';
import { startTestControlPlane, type TestControlPlane } from './support/test-control-plane.js';
import { serviceWorkload, uniqueNamespace } from './support/workloads.js';

const MIB = 1024 * 1024;

describe('message size limits', function () {
  this.timeout(20000);
  let cp: TestControlPlane;
  before(async () => (cp = await startTestControlPlane({ maxSendMessageBytes: 64 * 1024 })));
  after(async () => cp.close());

  it('rejects a request over 4 MiB with RESOURCE_EXHAUSTED and keeps serving', async () => {
    const ns = uniqueNamespace('big');
    const huge = serviceWorkload(ns, 'huge', { annotations: { blob: 'x'.repeat(5 * MIB) } });
    await expectStatus(call(cp.client, 'Apply', { workload: huge }), status.RESOURCE_EXHAUSTED, 'larger than max', '4194304');
    await expectStatus(call(cp.client, 'Get', { namespace: ns, name: 'huge' }), status.NOT_FOUND);
    const next = await call(cp.client, 'Apply', { workload: serviceWorkload(ns, 'small') });
    assert.equal(next.result, 'created');
  });

  it('fails a response over the send limit with RESOURCE_EXHAUSTED; paging gets it through', async () => {
    const ns = uniqueNamespace('wide');
    for (let i = 0; i < 4; i++) {
      await call(cp.client, 'Apply', { workload: serviceWorkload(ns, `w${i}`, { annotations: { blob: 'y'.repeat(30 * 1024) } }) });
    }
    await expectStatus(call(cp.client, 'List', { namespace: ns }), status.RESOURCE_EXHAUSTED);
    const page = await call(cp.client, 'List', { namespace: ns, limit: 1 });
    assert.equal(page.items?.length, 1);
  });
});
