import { status, type ServiceError } from '@grpc/grpc-js';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { call, workloadClient } from './support/grpc-client.js';
import { startTestControlPlane, type TestControlPlane } from './support/test-control-plane.js';
import { serviceWorkload, uniqueNamespace } from './support/workloads.js';

const CLIENTS = 50;
const INCREMENTS_PER_CLIENT = 2;

describe('optimistic concurrency under 50 concurrent clients', function () {
  this.timeout(60000);
  let cp: TestControlPlane;
  before(async () => (cp = await startTestControlPlane()));
  after(async () => cp.close());

  it('read-modify-write with resourceVersion preconditions loses no update; every failed write is ABORTED', async () => {
    const ns = uniqueNamespace('race');
    await call(cp.client, 'Apply', { workload: serviceWorkload(ns, 'counter', { annotations: { count: '0' } }) });

    let acknowledged = 0;
    let aborted = 0;
    const otherFailures: string[] = [];

    const worker = async () => {
      // Each client has its own connection, like 50 separate processes.
      const client = workloadClient(cp.controlPlane.address, { 'grpc.use_local_subchannel_pool': 1 });
      try {
        for (let done = 0; done < INCREMENTS_PER_CLIENT; ) {
          const current = await call(client, 'Get', { namespace: ns, name: 'counter' });
          const next = Number(current.metadata?.annotations?.['count']) + 1;
          const workload = { ...current, metadata: { ...current.metadata, annotations: { count: String(next) } } };
          try {
            await call(client, 'Apply', { workload }, 10000);
            acknowledged++;
            done++;
          } catch (err) {
            const e = err as ServiceError;
            if (e.code !== status.ABORTED) {
              otherFailures.push(`${e.code}: ${e.details}`);
              return;
            }
            aborted++;
            await sleep(Math.random() * 5);
          }
        }
      } finally {
        client.close();
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, worker));

    assert.deepEqual(otherFailures, [], 'every failed write must be ABORTED');
    assert.equal(acknowledged, CLIENTS * INCREMENTS_PER_CLIENT);
    const final = await call(cp.client, 'Get', { namespace: ns, name: 'counter' });
    assert.equal(Number(final.metadata?.annotations?.['count']), acknowledged, 'final counter == acknowledged updates');
    assert.ok(aborted > 0, 'the clients really did conflict');
    console.log(`      ${acknowledged} acknowledged increments, ${aborted} ABORTED attempts retried`);
  });
});
