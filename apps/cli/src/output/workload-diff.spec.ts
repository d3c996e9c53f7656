import assert from 'node:assert/strict';
import { validateWorkload, type Workload } from '@mosaic/api';
import { workloadDiff } from './workload-diff.js';

function wl(replicas: number, meta: Partial<Workload['metadata']> = {}): Workload {
  const w = validateWorkload({
    apiVersion: 'mosaic.dev/v1',
    kind: 'Workload',
    metadata: { name: 'api', namespace: 'shop' },
    spec: { runtime: 'service', replicas, service: { command: ['node', 'api.js'] } },
  });
  Object.assign(w.metadata, meta);
  return w;
}

describe('workloadDiff', () => {
  it('is empty when only server bookkeeping differs', () => {
    const live = wl(2, { resourceVersion: '7', generation: 2, uid: 'u1', creationTimestamp: '2025-01-01T00:00:00Z' });
    live.status = { phase: 'Running' };
    assert.equal(workloadDiff(live, wl(2, { resourceVersion: '9', generation: 3 })), '');
  });

  it('shows a changed field as a unified hunk', () => {
    const patch = workloadDiff(wl(2), wl(5));
    assert.match(patch, /^--- live\/workload\/shop\/api\n/);
    assert.match(patch, /^\+\+\+ merged\/workload\/shop\/api$/m);
    assert.match(patch, /^-\s+replicas: 2$/m);
    assert.match(patch, /^\+\s+replicas: 5$/m);
  });

  it('shows a new object as all additions', () => {
    const patch = workloadDiff(undefined, wl(1));
    assert.match(patch, /^@@ -0,0 \+1,\d+ @@$/m);
    assert.match(patch, /^\+kind: Workload$/m);
    assert.doesNotMatch(patch, /^-[^-]/m);
  });
});
