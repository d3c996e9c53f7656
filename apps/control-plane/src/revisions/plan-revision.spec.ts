import type { RevisionObject, Workload } from '@mosaic/api';
import assert from 'node:assert/strict';
import { NOW, workload } from '../../test/support/reconcile-fixtures.js';
import { CHANGE_CAUSE_ANNOTATION, planRevision, revisionName } from './plan-revision.js';
import { specHash } from './spec-hash.js';

const v1 = workload('web', { replicas: 3, service: { command: ['node', 'v1.js'] } });
const v2 = workload('web', { replicas: 3, service: { command: ['node', 'v2.js'] } });

function revisionOf(w: Workload, n: number, uid = w.metadata.uid!): RevisionObject {
  return {
    apiVersion: 'mosaic.dev/v1', kind: 'WorkloadRevision',
    metadata: { name: revisionName(w.metadata.name, n), namespace: w.metadata.namespace },
    spec: { workload: w.metadata.name, workloadUid: uid, revision: n, specHash: specHash(w.spec), template: w.spec, changeCause: 'apply', createdAt: new Date(NOW).toISOString() },
  };
}

const plan = (w: Workload, revisions: RevisionObject[], inUse: number[] = [], historyLimit = 10) =>
  planRevision({ workload: w, revisions, inUse: new Set(inUse), historyLimit, now: new Date(NOW) });
const pruned = (p: ReturnType<typeof plan>) => p.prune.map((r) => r.metadata.name).sort();

describe('specHash', () => {
  const cases: [string, Partial<Workload['spec']>, boolean][] = [
    ['replicas do not make a revision', { replicas: 9 }, true],
    ['rollout tuning does not make a revision', { rollout: { ...v1.spec.rollout, maxSurge: '100%' } }, true],
    ['the command does', { service: { ...v1.spec.service!, command: ['node', 'other.js'] } }, false],
    ['resources do', { resources: { cpu: '2', memory: '64Mi' } }, false],
    ['placement does', { placement: { ...v1.spec.placement, nodeSelector: { zone: 'a' } } }, false],
  ];
  for (const [name, change, same] of cases) {
    it(name, () => assert.equal(specHash({ ...v1.spec, ...change }) === specHash(v1.spec), same));
  }
  it('ignores key order', () => {
    const reverse = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(reverse) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverse(x)])) : v;
    const reordered = reverse(v1.spec) as Workload['spec'];
    assert.notEqual(JSON.stringify(reordered), JSON.stringify(v1.spec));
    assert.equal(specHash(reordered), specHash(v1.spec));
  });
});

describe('planRevision', () => {
  it('a first spec is revision 1, with the default change cause', () => {
    const p = plan(v1, []);
    assert.equal(p.revision, 1);
    assert.equal(p.create?.metadata.name, 'web-1');
    assert.equal(p.create?.spec.changeCause, 'apply');
    assert.equal(p.create?.metadata.labels?.['mosaic.dev/workload'], 'web');
    assert.deepEqual(p.create?.spec.template, v1.spec);
  });

  it('an unchanged spec reuses its revision', () => {
    const p = plan(v1, [revisionOf(v1, 1)]);
    assert.equal(p.revision, 1);
    assert.equal(p.create, undefined);
  });

  it('a scale-only change reuses the revision', () => {
    const p = plan({ ...v1, spec: { ...v1.spec, replicas: 7 } }, [revisionOf(v1, 1)]);
    assert.equal(p.revision, 1);
    assert.equal(p.create, undefined);
  });

  it('a changed spec gets the next number and the change-cause annotation', () => {
    const annotated = { ...v2, metadata: { ...v2.metadata, annotations: { [CHANGE_CAUSE_ANNOTATION]: 'bump to v2' } } };
    const p = plan(annotated, [revisionOf(v1, 1)]);
    assert.equal(p.revision, 2);
    assert.equal(p.create?.metadata.name, 'web-2');
    assert.equal(p.create?.spec.changeCause, 'bump to v2');
  });

  it('going back to an earlier spec reuses that revision (undo)', () => {
    const p = plan(v1, [revisionOf(v1, 1), revisionOf(v2, 2)]);
    assert.equal(p.revision, 1);
    assert.equal(p.create, undefined);
  });

  it('numbers stay above status.revision and every revision seen, a namesake\'s included', () => {
    const withStatus = { ...v2, status: { revision: 5 } };
    assert.equal(plan(withStatus, [revisionOf(v1, 1)]).revision, 6);
    const stale = revisionOf(v1, 8, 'uid-old');
    const p = plan(v2, [stale]);
    assert.equal(p.revision, 9);
    assert.deepEqual(pruned(p), ['web-8'], 'a deleted namesake\'s revisions are pruned');
  });

  it('a namesake\'s revision with the same spec is not reused', () => {
    const p = plan(v1, [revisionOf(v1, 1, 'uid-old')]);
    assert.equal(p.revision, 2);
    assert.ok(p.create);
  });

  it('prunes beyond the history limit, keeping the current one and those in use', () => {
    const specs = [1, 2, 3, 4, 5].map((n) => workload('web', { service: { command: ['node', `v${n}.js`] } }));
    const revisions = specs.map((s, i) => revisionOf(s, i + 1));
    const current = specs[4]!;
    assert.deepEqual(pruned(plan(current, revisions, [], 2)), ['web-1', 'web-2']);
    assert.deepEqual(pruned(plan(current, revisions, [1], 2)), ['web-2']);
    assert.deepEqual(pruned(plan(current, revisions, [], 0)), ['web-1', 'web-2', 'web-3', 'web-4']);
    assert.deepEqual(pruned(plan(specs[0]!, revisions, [], 1)), ['web-2', 'web-3', 'web-4'], 'after an undo the current one is kept');
  });
});
