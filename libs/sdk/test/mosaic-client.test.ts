import assert from 'node:assert/strict';
import {
  AlreadyExistsError,
  ConflictError,
  InvalidArgumentError,
  MosaicClient,
  NotFoundError,
  isNotFound,
  type WorkloadInput,
} from '../src/index.js';
import { removeStateDir, startControlPlaneProcess, type ControlPlaneProcess } from './support/control-plane-process.js';
import { serviceWorkload, uniqueNamespace } from './support/workloads.js';

describe('MosaicClient against a real control plane', function () {
  this.timeout(30_000);
  let cp: ControlPlaneProcess;
  let client: MosaicClient;

  before(async () => {
    cp = await startControlPlaneProcess();
    client = new MosaicClient({ address: cp.address });
  });
  after(async () => {
    client?.close();
    await cp?.stop();
    if (cp) removeStateDir(cp.stateDir);
  });

  it('apply reports created, then unchanged, then configured', async () => {
    const ns = uniqueNamespace();
    const first = await client.apply(serviceWorkload(ns, 'web'));
    assert.equal(first.result, 'created');
    assert.equal(first.workload.metadata.namespace, ns);
    assert.equal(first.workload.spec.replicas, 1);
    assert.ok(first.workload.metadata.resourceVersion);
    assert.equal((await client.apply(serviceWorkload(ns, 'web'))).result, 'unchanged');
    const changed = await client.apply(serviceWorkload(ns, 'web', { replicas: 3 }));
    assert.equal(changed.result, 'configured');
    assert.equal(changed.workload.metadata.generation, 2);
    assert.equal((await client.get(ns, 'web')).spec.replicas, 3);
  });

  it('a dry run writes nothing', async () => {
    const ns = uniqueNamespace();
    const { result } = await client.apply(serviceWorkload(ns, 'ghost'), { dryRun: true });
    assert.equal(result, 'created');
    await assert.rejects(client.get(ns, 'ghost'), NotFoundError);
  });

  it('createOnly on an existing workload is AlreadyExistsError', async () => {
    const ns = uniqueNamespace();
    await client.apply(serviceWorkload(ns, 'once'));
    await assert.rejects(client.apply(serviceWorkload(ns, 'once'), { createOnly: true }), AlreadyExistsError);
  });

  it('an invalid workload is InvalidArgumentError with field paths', async () => {
    const bad = { ...serviceWorkload(uniqueNamespace(), 'bad'), spec: { runtime: 'service', replicas: -1 } } as unknown as WorkloadInput;
    const err = await client.apply(bad).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof InvalidArgumentError, String(err));
    assert.ok(err.violations.some((v) => v.path === 'spec.replicas'), err.message);
    assert.ok(err.violations.some((v) => v.path === 'spec.service'), err.message);
  });

  it('list filters by namespace and label selector; listAll follows continue tokens', async () => {
    const ns = uniqueNamespace();
    for (const [name, tier] of [['a', 'web'], ['b', 'web'], ['c', 'db']] as const) {
      await client.apply(serviceWorkload(ns, name, { labels: { tier } }));
    }
    const web = await client.list({ namespace: ns, labelSelector: 'tier=web' });
    assert.deepEqual(web.items.map((w) => w.metadata.name).sort(), ['a', 'b']);
    assert.ok(web.resourceVersion);

    const page = await client.list({ namespace: ns, limit: 2 });
    assert.equal(page.items.length, 2);
    assert.ok(page.continueToken, 'a first page of 2 out of 3 has a continue token');
    const all = await client.listAll({ namespace: ns, pageSize: 1 });
    assert.deepEqual(all.items.map((w) => w.metadata.name).sort(), ['a', 'b', 'c']);
  });

  it('delete honours a resourceVersion precondition, then NOT_FOUND follows', async () => {
    const ns = uniqueNamespace();
    const { workload } = await client.apply(serviceWorkload(ns, 'gone'));
    await client.apply(serviceWorkload(ns, 'gone', { replicas: 2 }));
    await assert.rejects(client.delete(ns, 'gone', { resourceVersion: workload.metadata.resourceVersion! }), ConflictError);
    const deleted = await client.delete(ns, 'gone');
    assert.equal(deleted.metadata.name, 'gone');
    const err = await client.get(ns, 'gone').then(() => undefined, (e: unknown) => e);
    assert.ok(isNotFound(err));
    assert.match((err as Error).message, /gone/);
  });

  it('watch delivers the current state, then changes, and ends on abort', async () => {
    const ns = uniqueNamespace();
    await client.apply(serviceWorkload(ns, 'pre'));
    const controller = new AbortController();
    const seen: string[] = [];
    const done = (async () => {
      for await (const ev of client.watch({ namespace: ns, signal: controller.signal })) {
        seen.push(`${ev.type} ${ev.workload.metadata.name}`);
        if (seen.length === 1) await client.apply(serviceWorkload(ns, 'pre', { replicas: 2 }));
        if (seen.length === 2) await client.delete(ns, 'pre');
        if (seen.length === 3) controller.abort();
      }
    })();
    await done;
    assert.deepEqual(seen, ['ADDED pre', 'MODIFIED pre', 'DELETED pre']);
  });

  it('checkHealth says SERVING', async () => {
    assert.equal(await client.checkHealth(), 'SERVING');
  });
});
