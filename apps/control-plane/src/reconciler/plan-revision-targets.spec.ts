import type { InstanceObject } from '@mosaic/api';
import type { RolloutTargets } from '@mosaic/rollout';
import { createScheduler } from '@mosaic/scheduler';
import assert from 'node:assert/strict';
import { GRACE_MS, NOW, instances, node, workload } from '../../test/support/reconcile-fixtures.js';
import { planReconcile } from './plan-reconcile.js';
import { targetCounts } from './plan-revision-targets.js';

const scheduler = createScheduler();
const canary = workload('web', { replicas: 4, rollout: { strategy: 'canary', steps: [{ setWeight: 25 }] } as never });
const rolling = workload('web', { replicas: 4 });
const nodes = [node('n1'), node('n2')];
const t = (stable: [number, number], canaryTarget?: [number, number], old: [number, number][] = []): RolloutTargets => ({
  stable: { revision: stable[0], instances: stable[1] },
  ...(canaryTarget ? { canary: { revision: canaryTarget[0], instances: canaryTarget[1] } } : {}),
  old: old.map(([revision, n]) => ({ revision, instances: n })),
  weight: 0,
});

interface Case {
  name: string;
  workload?: typeof canary;
  revision: number;
  instances: InstanceObject[];
  targets: RolloutTargets;
  want: { place?: number; placeRevisions?: Record<number, number>; stop?: Record<number, number> };
}

describe('planRevisionTargets (through planReconcile)', () => {
  const cases: Case[] = [
    { name: 'the first canary tick places one of the new revision', revision: 2, instances: instances(canary, 1, ['n1', 'n2'], 4, { state: 'Running' }), targets: t([1, 4], [2, 1]), want: { place: 1 } },
    { name: 'then one stable instance goes', revision: 2, instances: [...instances(canary, 1, ['n1', 'n2'], 4, { state: 'Running' }), ...instances(canary, 2, ['n1'], 1, { state: 'Running' })], targets: t([1, 3], [2, 1]), want: { stop: { 1: 1 } } },
    { name: 'at target: nothing to do', revision: 2, instances: [...instances(canary, 1, ['n1', 'n2'], 3, { state: 'Running' }), ...instances(canary, 2, ['n1'], 1, { state: 'Running' })], targets: t([1, 3], [2, 1]), want: {} },
    {
      name: 'an abort restores the stable revision (placed with its own revision) and stops the canary',
      revision: 2,
      instances: [...instances(canary, 1, ['n1', 'n2'], 2, { state: 'Running' }), ...instances(canary, 2, ['n1', 'n2'], 2, { state: 'Running', crashLoop: true })],
      targets: t([1, 4], undefined),
      want: { placeRevisions: { 1: 2 }, stop: { 2: 2 } },
    },
    { name: 'an old third revision is stopped', revision: 3, instances: [...instances(canary, 1, ['n1'], 4, { state: 'Running' }), ...instances(canary, 2, ['n2'], 1, { state: 'Running' })], targets: t([1, 4], [3, 0], [[2, 0]]), want: { stop: { 2: 1 } } },
    { name: 'rolling strategy ignores targets (rolling budget instead)', workload: rolling, revision: 2, instances: instances(rolling, 1, ['n1', 'n2'], 4, { state: 'Running' }), targets: t([1, 4], [2, 4]), want: { place: 1 } },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const p = planReconcile({
        workload: tc.workload ?? canary, revision: tc.revision, instances: tc.instances, nodes, clusterInstances: tc.instances,
        now: NOW, nodeLostGraceMs: GRACE_MS, scheduler, rolloutTargets: tc.targets,
      });
      assert.equal(p.place.length, tc.want.place ?? 0, 'place');
      const placed: Record<number, number> = {};
      for (const r of p.placeRevisions ?? []) placed[r.revision] = (placed[r.revision] ?? 0) + 1;
      assert.deepEqual(placed, tc.want.placeRevisions ?? {}, 'placeRevisions');
      const stopped: Record<number, number> = {};
      for (const s of p.stop) stopped[s.instance.spec.revision] = (stopped[s.instance.spec.revision] ?? 0) + 1;
      assert.deepEqual(stopped, tc.want.stop ?? {}, 'stop');
    });
  }

  it('targetCounts flattens stable, canary and old', () => {
    assert.deepEqual([...targetCounts(t([1, 3], [2, 1], [[0, 2]]))].sort(), [[0, 2], [1, 3], [2, 1]]);
  });
});
