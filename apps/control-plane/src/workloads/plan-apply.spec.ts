import { AlreadyExistsError, ConflictError, FailedPreconditionError, validateWorkload, type Workload } from '@mosaic/api';
import assert from 'node:assert/strict';
import { planApply } from './plan-apply.js';

const now = new Date('2030-01-02T03:04:05.000Z');

function desired(extra: { replicas?: number; labels?: Record<string, string>; annotations?: Record<string, string>; runtime?: 'service' | 'wasm'; resourceVersion?: string; finalizers?: string[] } = {}): Workload {
  const runtime = extra.runtime ?? 'service';
  return validateWorkload({
    apiVersion: 'mosaic.dev/v1',
    kind: 'Workload',
    metadata: {
      name: 'web',
      namespace: 'shop',
      ...(extra.labels ? { labels: extra.labels } : {}),
      ...(extra.annotations ? { annotations: extra.annotations } : {}),
      ...(extra.resourceVersion ? { resourceVersion: extra.resourceVersion } : {}),
      ...(extra.finalizers ? { finalizers: extra.finalizers } : {}),
    },
    spec: runtime === 'service'
      ? { runtime, replicas: extra.replicas ?? 1, service: { command: ['node'] } }
      : { runtime, wasm: { module: { path: 'a.wasm' } } },
  });
}

/** A stored copy of `w` as the store would return it. */
function stored(w: Workload, meta: Partial<Workload['metadata']> = {}): Workload {
  return {
    ...w,
    metadata: { ...w.metadata, uid: 'u-1', resourceVersion: '7', generation: 3, creationTimestamp: '2029-01-01T00:00:00.000Z', ...meta },
    status: { phase: 'Running', observedGeneration: 3 },
  };
}

describe('planApply', () => {
  const outcomes: { name: string; want: Workload; have?: Workload; result: string; generation: number; check?: (p: ReturnType<typeof planApply>) => void }[] = [
    { name: 'creates when absent', want: desired(), result: 'created', generation: 1, check: (p) => assert.equal(p.preview.metadata.creationTimestamp, now.toISOString()) },
    { name: 'unchanged when spec, labels and annotations are equal', want: desired({ labels: { a: 'b' } }), have: stored(desired({ labels: { a: 'b' } })), result: 'unchanged', generation: 3 },
    { name: 'empty labels equal absent labels', want: desired({ labels: {} }), have: stored(desired()), result: 'unchanged', generation: 3 },
    { name: 'label change configures without a generation bump', want: desired({ labels: { a: 'c' } }), have: stored(desired({ labels: { a: 'b' } })), result: 'configured', generation: 3 },
    { name: 'annotation change configures without a generation bump', want: desired({ annotations: { n: '1' } }), have: stored(desired()), result: 'configured', generation: 3 },
    { name: 'spec change bumps generation', want: desired({ replicas: 2 }), have: stored(desired()), result: 'configured', generation: 4 },
    {
      name: 'keeps stored status, uid and creation time on update',
      want: desired({ replicas: 2 }),
      have: stored(desired()),
      result: 'configured',
      generation: 4,
      check: (p) => {
        assert.equal(p.preview.metadata.uid, 'u-1');
        assert.equal(p.preview.metadata.creationTimestamp, '2029-01-01T00:00:00.000Z');
        assert.deepEqual(p.preview.status, { phase: 'Running', observedGeneration: 3 });
        assert.equal(p.write.metadata.resourceVersion, '7', 'the update is conditional on the version read');
        assert.equal(p.write.status, undefined);
      },
    },
    { name: 'a matching resourceVersion precondition passes', want: desired({ replicas: 2, resourceVersion: '7' }), have: stored(desired()), result: 'configured', generation: 4 },
    {
      name: 'omitted finalizers keep the stored ones',
      want: desired(),
      have: stored(desired(), { finalizers: ['ctrl'] }),
      result: 'unchanged',
      generation: 3,
    },
    {
      name: 'given finalizers replace the stored ones',
      want: desired({ finalizers: [] }),
      have: stored(desired(), { finalizers: ['ctrl'] }),
      result: 'configured',
      generation: 3,
      check: (p) => assert.equal(p.preview.metadata.finalizers, undefined),
    },
  ];
  for (const tc of outcomes) {
    it(tc.name, () => {
      const plan = planApply(tc.want, tc.have, { now });
      assert.equal(plan.result, tc.result);
      assert.equal(plan.preview.metadata.generation, tc.generation);
      tc.check?.(plan);
    });
  }

  const failures: { name: string; want: Workload; have?: Workload; createOnly?: boolean; error: new (...args: never[]) => Error; message: string }[] = [
    { name: 'createOnly on an existing object', want: desired(), have: stored(desired()), createOnly: true, error: AlreadyExistsError, message: 'workload "shop/web" already exists' },
    { name: 'stale resourceVersion', want: desired({ resourceVersion: '5' }), have: stored(desired()), error: ConflictError, message: 'metadata.resourceVersion 5 was given but the current resourceVersion is 7' },
    { name: 'resourceVersion for an absent object', want: desired({ resourceVersion: '5' }), error: ConflictError, message: 'does not exist' },
    { name: 'runtime change', want: desired({ runtime: 'wasm' }), have: stored(desired()), error: FailedPreconditionError, message: 'spec.runtime is immutable (service → wasm)' },
    { name: 'terminating object', want: desired({ replicas: 2 }), have: stored(desired(), { deletionTimestamp: '2030-01-01T00:00:00Z' }), error: FailedPreconditionError, message: 'is being deleted' },
  ];
  for (const tc of failures) {
    it(`rejects: ${tc.name}`, () => {
      assert.throws(() => planApply(tc.want, tc.have, { now, createOnly: tc.createOnly ?? false }), (err: Error) => {
        assert.ok(err instanceof tc.error, `expected ${tc.error.name}, got ${err.name}`);
        assert.ok(err.message.includes(tc.message), err.message);
        return true;
      });
    });
  }
});
