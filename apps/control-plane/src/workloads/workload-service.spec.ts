import { InvalidArgumentError } from '@mosaic/api';
import { createSqliteStore, type SqliteStore } from '@mosaic/store';
import assert from 'node:assert/strict';
import { WorkloadService } from './workload-service.js';

// The application layer with a real (in-memory) SQLite store: input that only a JSON/YAML
// caller can send (a gRPC request cannot carry unknown keys or strings in int fields).
describe('WorkloadService (application layer)', () => {
  let store: SqliteStore;
  let service: WorkloadService;
  before(async () => {
    store = await createSqliteStore({ path: ':memory:' });
    service = new WorkloadService(store, { defaultBookmarkIntervalSeconds: 10 });
  });
  after(async () => store.close());

  const base = () => ({
    apiVersion: 'mosaic.dev/v1',
    kind: 'Workload',
    metadata: { name: 'web', namespace: 'unit' },
    spec: { runtime: 'service', service: { command: ['node'] } as Record<string, unknown>, replicas: 1 as unknown },
  });

  const cases: { name: string; input: () => unknown; parts: string[] }[] = [
    {
      name: 'unknown field, with its path',
      input: () => {
        const w = base();
        w.spec.service = { command: ['node'], comand: ['typo'] };
        return w;
      },
      parts: ['spec.service.comand: unknown field "comand"'],
    },
    {
      name: 'wrong type',
      input: () => {
        const w = base();
        w.spec.replicas = 'three';
        return w;
      },
      parts: ['spec.replicas:', 'number'],
    },
    { name: 'not an object at all', input: () => 'hello', parts: ['invalid'] },
  ];
  for (const tc of cases) {
    it(`rejects ${tc.name} and writes nothing`, async () => {
      const before = await store.currentRevision();
      await assert.rejects(service.apply(tc.input()), (err: Error) => {
        assert.ok(err instanceof InvalidArgumentError, err.message);
        for (const part of tc.parts) assert.ok(err.message.includes(part), `${part} not in ${err.message}`);
        return true;
      });
      assert.equal(await store.currentRevision(), before);
    });
  }

  it('retries an apply without resourceVersion that races another writer', async () => {
    // 20 concurrent applies of different replica counts to one new object: exactly one creates
    // it, the others update it; none fails, because an apply without a precondition means "make it so".
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => service.apply({ ...base(), metadata: { name: 'racy', namespace: 'unit' }, spec: { runtime: 'service', replicas: i, service: { command: ['node'] } } })),
    );
    assert.equal(results.filter((r) => r.result === 'created').length, 1);
    const final = await service.get('unit', 'racy');
    assert.ok(results.some((r) => r.workload.metadata.resourceVersion === final.metadata.resourceVersion));
  });

  it('restarts the store watch transparently when a slow consumer overflows its buffer', async () => {
    const small = await createSqliteStore({ path: ':memory:', watchBufferSize: 5 });
    const slowService = new WorkloadService(small, { defaultBookmarkIntervalSeconds: 60 });
    const abort = new AbortController();
    try {
      const applyN = (i: number) => slowService.apply({ ...base(), metadata: { name: `n${i % 3}`, namespace: 'slow' }, spec: { runtime: 'service', replicas: i, service: { command: ['node'] } } });
      await applyN(0);
      const events = slowService.watch({ resourceVersion: '0' }, abort.signal);
      const first = await events.next();
      assert.ok(!first.done && first.value.type === 'ADDED');
      // 40 writes while the consumer reads nothing: far more than the store's buffer of 5.
      for (let i = 1; i <= 40; i++) await applyN(i);
      const revisions = [first.value.revision];
      while (revisions.length < 41) {
        const next = await events.next();
        assert.ok(!next.done && next.value.type !== 'BOOKMARK');
        revisions.push(next.value.revision);
      }
      assert.deepEqual(revisions, Array.from({ length: 41 }, (_, i) => i + 1), 'every change once, in order, no gap');
      abort.abort();
      assert.equal((await events.next()).done, true, 'aborting ends the iteration');
    } finally {
      abort.abort();
      await small.close();
    }
  });
});
