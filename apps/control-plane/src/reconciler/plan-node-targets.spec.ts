import type { InstanceObject } from '@mosaic/api';
import type { RolloutTargets } from '@mosaic/rollout';
import { createScheduler } from '@mosaic/scheduler';
import assert from 'node:assert/strict';
import { GRACE_MS, NOW, instance, node, workload } from '../../test/support/reconcile-fixtures.js';
import { planReconcile } from './plan-reconcile.js';

const scheduler = createScheduler();
const w = workload('probe', { placement: { mode: 'everyNode' }, rollout: { strategy: 'canary', steps: [{ setWeight: 50 }] } } as never);
const nodes = [node('a'), node('b')];
const split = (canary: string[], stable: string[]): RolloutTargets => ({
  stable: { revision: 1, instances: stable.length }, canary: { revision: 2, instances: canary.length }, old: [], weight: 50, nodes: { canary, stable },
});

describe('planNodeTargets (through planReconcile, everyNode)', () => {
  const cases: { name: string; instances: InstanceObject[]; targets: RolloutTargets; want: { place: string[]; placeRevisions?: string[]; stop: string[] } }[] = [
    { name: 'the canary node gets the new revision beside the old', instances: [instance(w, 1, 'a', { state: 'Running' }, 'a1'), instance(w, 1, 'b', { state: 'Running' }, 'b1')], targets: split(['b'], ['a']), want: { place: ['b'], stop: [] } },
    { name: 'once it runs, the old one on that node goes', instances: [instance(w, 1, 'a', { state: 'Running' }, 'a1'), instance(w, 1, 'b', { state: 'Running' }, 'b1'), instance(w, 2, 'b', { state: 'Running' }, 'b2')], targets: split(['b'], ['a']), want: { place: [], stop: ['b1'] } },
    { name: 'a failed load keeps the old probe running', instances: [instance(w, 1, 'a', { state: 'Running' }, 'a1'), instance(w, 1, 'b', { state: 'Running' }, 'b1'), instance(w, 2, 'b', { state: 'Failed' }, 'b2')], targets: split(['b'], ['a']), want: { place: [], stop: [] } },
    { name: 'a stable node that lost its probe gets the stable revision back', instances: [instance(w, 2, 'b', { state: 'Running' }, 'b2')], targets: split(['b'], ['a']), want: { place: [], placeRevisions: ['a@1'], stop: [] } },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const p = planReconcile({ workload: w, revision: 2, instances: tc.instances, nodes, clusterInstances: tc.instances, now: NOW, nodeLostGraceMs: GRACE_MS, scheduler, rolloutTargets: tc.targets });
      assert.deepEqual(p.place, tc.want.place);
      assert.deepEqual((p.placeRevisions ?? []).map((r) => `${r.node}@${r.revision}`), tc.want.placeRevisions ?? []);
      assert.deepEqual(p.stop.map((s) => s.instance.metadata.name).sort(), tc.want.stop);
    });
  }
});
