// The SDK's invocation calls against a real control plane with its reconciler and private Redis.
// No agent consumes the revision queue, so invocations stay queued: exactly what the deadline,
// typed-result and precondition cases need.
import assert from 'node:assert/strict';
import {
  DeadlineExceededError,
  FailedPreconditionError,
  MosaicClient,
  NotFoundError,
  type WorkloadInput,
} from '../src/index.js';
import { removeStateDir, startControlPlaneProcess, type ControlPlaneProcess } from './support/control-plane-process.js';
import { serviceWorkload, uniqueNamespace } from './support/workloads.js';

function functionWorkload(namespace: string, name: string): WorkloadInput {
  return {
    apiVersion: 'mosaic.dev/v1',
    kind: 'Workload',
    metadata: { name, namespace },
    spec: { runtime: 'function', function: { source: { path: 'index.js' }, handler: 'index.handler', trigger: { http: {} }, retry: { attempts: 4 } } },
  };
}

describe('MosaicClient function invocation', function () {
  this.timeout(30_000);
  let cp: ControlPlaneProcess;
  let client: MosaicClient;
  const ns = uniqueNamespace('sdk-fn');

  before(async () => {
    cp = await startControlPlaneProcess({ extraArgs: ['--reconcile', 'true', '--http-listen', '127.0.0.1:0'] });
    client = new MosaicClient({ address: cp.address, deadlineMs: 10_000 });
    await client.apply(functionWorkload(ns, 'fn'));
    await client.apply(serviceWorkload(ns, 'svc'));
  });
  after(async () => {
    client?.close();
    await cp?.stop();
    if (cp) removeStateDir(cp.stateDir);
  });

  it('invokeAsync returns a typed queued invocation; getInvocation and listInvocations find it', async () => {
    const inv = await client.invokeAsync('fn', { order: 1 }, { namespace: ns, idempotencyKey: 'sdk-1' });
    assert.match(inv.id, /^k-[0-9a-f]{32}$/);
    assert.equal(inv.state, 'queued');
    assert.equal(inv.namespace, ns);
    assert.equal(inv.revision, 1);
    assert.equal(inv.maxAttempts, 4);
    assert.deepEqual(inv.input, { order: 1 });
    assert.equal(inv.idempotencyKey, 'sdk-1');
    assert.equal(inv.output, undefined);
    assert.deepEqual(await client.getInvocation(inv.id), inv);
    const again = await client.invokeAsync('fn', { order: 2 }, { namespace: ns, idempotencyKey: 'sdk-1' });
    assert.equal(again.id, inv.id);
    const page = await client.listInvocations('fn', { namespace: ns, state: 'queued' });
    assert.deepEqual(page.items.map((i) => i.id), [inv.id]);
    assert.deepEqual((await client.listInvocations('fn', { namespace: ns, state: 'succeeded' })).items, []);
  });

  it('invoke past its deadline is DeadlineExceededError naming the invocation id', async () => {
    const err = await client.invoke('fn', null, { namespace: ns, deadlineMs: 800 }).then(
      () => assert.fail('expected a deadline error'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof DeadlineExceededError, String(err));
    const id = /invocation (i-\S+)/.exec(err.message)?.[1];
    assert.ok(id, err.message);
    assert.equal((await client.getInvocation(id)).state, 'queued');
  });

  it('maps NOT_FOUND and FAILED_PRECONDITION to their error classes', async () => {
    await assert.rejects(client.invoke('nope', {}, { namespace: ns }), NotFoundError);
    await assert.rejects(client.getInvocation('i-nope'), NotFoundError);
    await assert.rejects(client.invokeAsync('svc', {}, { namespace: ns }), (e: unknown) => e instanceof FailedPreconditionError && /not function/.test(e.message));
    const queued = await client.invokeAsync('fn', 1, { namespace: ns });
    await assert.rejects(client.retryInvocation(queued.id), (e: unknown) => e instanceof FailedPreconditionError && /is queued; only dead-lettered/.test(e.message));
  });
});
