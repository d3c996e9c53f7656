import type { InstanceObject, Workload } from '@mosaic/api';
import { createScheduler } from '@mosaic/scheduler';
import assert from 'node:assert/strict';
import { GRACE_MS, NOW, instance, instances, node, workload } from '../../test/support/reconcile-fixtures.js';
import { buildStatus } from './build-status.js';
import { indexNodes, planReconcile } from './plan-reconcile.js';

const scheduler = createScheduler();
const nodes = () => [node('n1', { runtimes: ['function'] }), node('n2', { runtimes: ['function'] })];
const fn = (scale: { min?: number; max?: number } = {}): Workload => workload('fn', {
  runtime: 'function',
  service: undefined,
  function: { source: { path: 'index.mjs' }, handler: 'index.handler', trigger: { queue: {} }, scale: { idleSeconds: 3, ...scale } },
} as never);

interface Case {
  name: string;
  revision?: number;
  instances: (w: Workload) => InstanceObject[];
  targets?: [number, number][];
  want: { place: number; placeRevisions?: number[]; stop: string[]; desired?: number };
}

const running = { state: 'Running' as const };

describe('planFunction (through planReconcile)', () => {
  const cases: Case[] = [
    { name: 'no targets yet: nothing changes', instances: (w) => instances(w, 1, ['n1'], 2, running), want: { place: 0, stop: [], desired: 2 } },
    { name: 'no targets and nothing live: desired 0', instances: () => [], want: { place: 0, stop: [], desired: 0 } },
    { name: 'cold start: target 1, nothing live → place 1', instances: () => [], targets: [[1, 1]], want: { place: 1, stop: [], desired: 1 } },
    { name: 'burst: target 4, 1 live → place 3', instances: (w) => instances(w, 1, ['n1'], 1, running), targets: [[1, 4]], want: { place: 3, stop: [], desired: 4 } },
    { name: 'steady: target equals live', instances: (w) => instances(w, 1, ['n1', 'n2'], 2, running), targets: [[1, 2]], want: { place: 0, stop: [], desired: 2 } },
    { name: 'scale to zero: target 0 stops all', instances: (w) => instances(w, 1, ['n1', 'n2'], 2, running), targets: [[1, 0]], want: { place: 0, stop: ['1:scale-down', '1:scale-down'], desired: 0 } },
    { name: 'revision missing from targets gets 0', instances: (w) => instances(w, 1, ['n1'], 1, running), targets: [], want: { place: 0, stop: ['1:scale-down'], desired: 0 } },
    { name: 'scale down stops the not-ready one first', instances: (w) => [instance(w, 1, 'n1', running, 'fn-1-ready'), instance(w, 1, 'n2', { state: 'Starting' }, 'fn-1-start')], targets: [[1, 1]], want: { place: 0, stop: ['fn-1-start:scale-down'], desired: 1 } },
    { name: 'old revision drained to 0 while current scales', revision: 2, instances: (w) => instances(w, 1, ['n1'], 2, running), targets: [[1, 0], [2, 1]], want: { place: 1, stop: ['1:rolling', '1:rolling'], desired: 1 } },
    { name: 'old revision draining keeps 1', revision: 2, instances: (w) => instances(w, 1, ['n1'], 2, running), targets: [[1, 1], [2, 0]], want: { place: 0, stop: ['1:rolling'], desired: 1 } },
    { name: 'old revision at 0 with delayed retries is placed again', revision: 2, instances: () => [], targets: [[1, 1], [2, 1]], want: { place: 1, placeRevisions: [1], stop: [], desired: 2 } },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const w = fn();
      const list = tc.instances(w);
      const plan = planReconcile({
        workload: w, revision: tc.revision ?? 1, instances: list, nodes: nodes(), clusterInstances: list,
        now: NOW, nodeLostGraceMs: GRACE_MS, scheduler, ...(tc.targets ? { functionTargets: new Map(tc.targets) } : {}),
      });
      assert.equal(plan.place.length, tc.want.place);
      assert.deepEqual((plan.placeRevisions ?? []).map((p) => p.revision), tc.want.placeRevisions ?? []);
      const stopKey = (name: string, reason: string) => (name.startsWith('fn-1-ready') || name.startsWith('fn-1-start') ? `${name}:${reason}` : `${name.split('-')[1]}:${reason}`);
      assert.deepEqual(plan.stop.map((s) => stopKey(s.instance.metadata.name, s.reason)).sort(), [...tc.want.stop].sort());
      assert.equal(plan.desiredInstances, tc.want.desired);
    });
  }

  it('a function scaled to zero is Running with Scaled/ScaledToZero', () => {
    const w = fn();
    const list = instances(w, 1, ['n1'], 1, running);
    const plan = planReconcile({ workload: w, revision: 1, instances: list, nodes: nodes(), clusterInstances: list, now: NOW, nodeLostGraceMs: GRACE_MS, scheduler, functionTargets: new Map([[1, 0]]) });
    const status = buildStatus({ workload: w, revision: 1, instances: [], nodes: indexNodes(nodes()), plan, now: new Date(NOW), nodeLostGraceMs: GRACE_MS });
    assert.equal(status.phase, 'Running');
    const scaled = status.conditions?.find((c) => c.type === 'Scaled');
    assert.equal(scaled?.reason, 'ScaledToZero');
    assert.equal(status.conditions?.find((c) => c.type === 'Available')?.status, 'True');
  });

  it('a function scaling up is Running while instances start; a crash-looping one makes it Degraded', () => {
    const w = fn();
    const list = [instance(w, 1, 'n1', running), instance(w, 1, 'n1', { state: 'Starting' })];
    const plan = planReconcile({ workload: w, revision: 1, instances: list, nodes: nodes(), clusterInstances: list, now: NOW, nodeLostGraceMs: GRACE_MS, scheduler, functionTargets: new Map([[1, 2]]) });
    const status = (instances: InstanceObject[]) => buildStatus({ workload: w, revision: 1, instances, nodes: indexNodes(nodes()), plan, now: new Date(NOW), nodeLostGraceMs: GRACE_MS });
    assert.equal(status(list).phase, 'Running');
    assert.equal(status([instance(w, 1, 'n1', { state: 'Starting' })]).phase, 'Running', 'a cold start is not Pending');
    assert.equal(status([instance(w, 1, 'n1', running), instance(w, 1, 'n1', { state: 'Starting', crashLoop: true })]).phase, 'Degraded');
    assert.equal(status([instance(w, 1, 'n1', { state: 'Starting', crashLoop: true })]).phase, 'Degraded');
  });

  it('a function with load is Scaled/ScaledToLoad and a service has no Scaled condition', () => {
    const w = fn();
    const list = instances(w, 1, ['n1'], 2, running);
    const plan = planReconcile({ workload: w, revision: 1, instances: list, nodes: nodes(), clusterInstances: list, now: NOW, nodeLostGraceMs: GRACE_MS, scheduler, functionTargets: new Map([[1, 2]]) });
    const status = buildStatus({ workload: w, revision: 1, instances: list, nodes: indexNodes(nodes()), plan, now: new Date(NOW), nodeLostGraceMs: GRACE_MS });
    assert.equal(status.phase, 'Running');
    assert.equal(status.conditions?.find((c) => c.type === 'Scaled')?.reason, 'ScaledToLoad');

    const svc = workload('web', { replicas: 1 });
    const svcList = instances(svc, 1, ['n1'], 1, running);
    const svcPlan = planReconcile({ workload: svc, revision: 1, instances: svcList, nodes: [node('n1')], clusterInstances: svcList, now: NOW, nodeLostGraceMs: GRACE_MS, scheduler });
    const svcStatus = buildStatus({ workload: svc, revision: 1, instances: svcList, nodes: indexNodes([node('n1')]), plan: svcPlan, now: new Date(NOW), nodeLostGraceMs: GRACE_MS });
    assert.equal(svcStatus.conditions?.some((c) => c.type === 'Scaled'), false);
  });
});
