import { validateWorkload, type RevisionObject, type Workload } from '@mosaic/api';
import assert from 'node:assert/strict';
import { node, workload } from '../../test/support/reconcile-fixtures.js';
import { specHash } from '../revisions/spec-hash.js';
import { previewRollout } from './preview-rollout.js';

const canary = { strategy: 'canary' as const, steps: [{ setWeight: 25 }, { pause: { seconds: 30 } }, { setWeight: 50 }] };
const v1 = workload('web', { replicas: 4, rollout: canary });
const v2 = workload('web', { replicas: 4, rollout: canary, service: { command: ['node', 'v2.js'] } });

function revision(w: Workload, n: number): RevisionObject {
  return { apiVersion: 'mosaic.dev/v1', kind: 'WorkloadRevision', metadata: { name: `web-${n}`, namespace: 'shop' }, spec: { workload: 'web', workloadUid: w.metadata.uid ?? '', revision: n, specHash: specHash(w.spec), template: w.spec, changeCause: 'apply', createdAt: '' } };
}
const stored = (w: Workload, rev: number): Workload => ({ ...w, spec: v1.spec, status: { revision: rev } });

describe('previewRollout', () => {
  const cases: { name: string; run: () => ReturnType<typeof previewRollout>; want: Partial<ReturnType<typeof previewRollout>>; steps?: string[] }[] = [
    {
      name: 'a changed spec: a new revision and the canary steps with instance counts',
      run: () => previewRollout({ desired: v2, stored: stored(v1, 1), revisions: [revision(v1, 1)] }),
      want: { revision: 2, revisionChange: 'new', stableRevision: 1, strategy: 'canary' },
      steps: ['1. setWeight 25: 1 of 4 instances on revision 2, 3 on revision 1', '2. pause 30s', '3. setWeight 50: 2 of 4 instances on revision 2, 2 on revision 1', '4. promote to 100%: 4 of 4 instances on revision 2, 0 on revision 1'],
    },
    {
      name: 'an earlier spec reuses its revision (the newest with that spec)',
      run: () => previewRollout({ desired: v1, stored: { ...stored(v1, 2), spec: v2.spec }, revisions: [revision(v1, 1), revision(v2, 2), revision(v1, 3), revision(v2, 4)] }),
      want: { revision: 3, revisionChange: 'reuse' },
    },
    {
      name: 'the same spec: nothing to roll out',
      run: () => previewRollout({ desired: v1, stored: stored(v1, 1), revisions: [revision(v1, 1)] }),
      want: { revision: 1, revisionChange: 'current', steps: [] },
    },
    {
      name: 'a create: the first revision',
      run: () => previewRollout({ desired: v1, stored: undefined, revisions: [] }),
      want: { revision: 1, revisionChange: 'new', steps: [], summary: 'new revision 1: the first revision, no rollout' },
    },
    {
      name: 'a probe: nodes in nodeOrderLabel order, then the rest',
      run: () => {
        const probeSpec = { runtime: 'ebpf', placement: { mode: 'everyNode' }, ebpf: { privileged: true, program: { bpftrace: 'BEGIN {}' }, attach: { type: 'tracepoint', target: 'a:b' } }, rollout: { strategy: 'canary', nodeOrderLabel: 'env=pre', steps: [{ setWeight: 30 }] } };
        const make = (spec: object) => ({ ...validateWorkload({ apiVersion: 'mosaic.dev/v1', kind: 'Workload', metadata: { name: 'web', namespace: 'shop' }, spec }), metadata: { name: 'web', namespace: 'shop', uid: 'u1' } });
        const p1 = make(probeSpec);
        const p2 = make({ ...probeSpec, ebpf: { ...probeSpec.ebpf, program: { bpftrace: 'END {}' } } });
        const nodes = [node('a'), node('b'), node('c', { labels: { env: 'pre' } })];
        return previewRollout({ desired: p2, stored: { ...p1, status: { revision: 1 } }, revisions: [revision(p1, 1)], nodes });
      },
      want: { nodeOrder: ['c', 'a', 'b'] },
      steps: ['1. setWeight 30: 1 of 3 nodes on revision 2 (c)', '2. promote to 100%: 3 of 3 nodes on revision 2 (c, a, b)'],
    },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const got = tc.run();
      for (const [k, v] of Object.entries(tc.want)) assert.deepEqual(got[k as keyof typeof got], v, k);
      if (tc.steps) assert.deepEqual(got.steps, tc.steps);
    });
  }
});
