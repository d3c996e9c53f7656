import type { InstanceObject, NodeObject, Workload } from '@mosaic/api';
import { createScheduler } from '@mosaic/scheduler';
import assert from 'node:assert/strict';
import { GRACE_MS, NOW, instance, instances, node, workload } from '../../test/support/reconcile-fixtures.js';
import { planReconcile } from './plan-reconcile.js';

const scheduler = createScheduler();

interface Case {
  name: string;
  workload: Workload;
  revision?: number;
  nodes: NodeObject[];
  instances: InstanceObject[];
  /** Other workloads' instances, for allocations. */
  others?: InstanceObject[];
  want: {
    /** Node names, sorted. */
    place?: string[];
    /** How many placed, when which nodes is the scheduler's business. */
    placeCount?: number;
    /** `name:reason`, sorted. */
    stop?: string[];
    lost?: string[];
    wanted?: number;
    diagnosis?: RegExp;
    requeueAt?: number;
    /** Nodes that must not receive a placement. */
    notOn?: string[];
  };
}

const zones = () => [node('n1', { labels: { zone: 'a' } }), node('n2', { labels: { zone: 'b' } }), node('n3', { labels: { zone: 'c' } })];
const names = (list: InstanceObject[]) => list.map((i) => i.metadata.name);

function plan(tc: Case) {
  return planReconcile({
    workload: tc.workload,
    revision: tc.revision ?? 1,
    instances: tc.instances,
    nodes: tc.nodes,
    clusterInstances: [...tc.instances, ...(tc.others ?? [])],
    now: NOW,
    nodeLostGraceMs: GRACE_MS,
    scheduler,
  });
}

// Instances are built inside each case so their names are known to the expectations.
function cases(): Case[] {
  const list: Case[] = [];
  const add = (c: Case) => list.push(c);

  {
    const w = workload('web', { replicas: 3, placement: { spread: { topologyKey: 'zone', maxSkew: 1 } } });
    add({ name: 'fresh workload with spread: one instance per zone', workload: w, nodes: zones(), instances: [], want: { place: ['n1', 'n2', 'n3'], stop: [], lost: [], wanted: 3 } });
  }
  {
    const w = workload('web', { replicas: 3 });
    add({ name: 'steady state: nothing to do', workload: w, nodes: zones(), instances: instances(w, 1, ['n1', 'n2', 'n3'], 3, { state: 'Running' }), want: { place: [], stop: [], lost: [] } });
  }
  {
    const w = workload('web', { replicas: 3 });
    const starting = instances(w, 1, ['n1', 'n2', 'n3'], 3, { state: 'Starting' });
    add({ name: 'instances still starting are not replaced', workload: w, nodes: zones(), instances: starting, want: { place: [], stop: [] } });
  }
  {
    const w = workload('web', { replicas: 3 });
    const running = instances(w, 1, ['n1', 'n2'], 3, { state: 'Running', ageMs: 600_000 });
    const pending = instance(w, 1, 'n3', { state: 'Pending', ageMs: 10_000 });
    const young = instance(w, 1, 'n3', { state: 'Running', ageMs: 1000 });
    add({ name: 'scale down stops the not-yet-available one, then the newest', workload: w, nodes: zones(), instances: [...running, pending, young], want: { place: [], stop: [`${pending.metadata.name}:scale-down`, `${young.metadata.name}:scale-down`].sort() } });
  }
  {
    const w = workload('web', { replicas: 3 });
    const running = instances(w, 1, ['n1', 'n2', 'n3'], 3, { state: 'Running' });
    add({ name: 'scale to zero stops everything', workload: { ...w, spec: { ...w.spec, replicas: 0 } }, nodes: zones(), instances: running, want: { place: [], stop: names(running).map((n) => `${n}:scale-down`).sort() } });
  }
  {
    const w = workload('web', { replicas: 3 });
    const ok = instances(w, 1, ['n1', 'n2'], 2, { state: 'Running' });
    const onGone = instance(w, 1, 'gone', { state: 'Running' });
    add({ name: 'an instance on a deleted node is lost at once and replaced', workload: w, nodes: zones(), instances: [...ok, onGone], want: { lost: [onGone.metadata.name], placeCount: 1, stop: [] } });
  }
  {
    const w = workload('web', { replicas: 3 });
    const nodes = [node('n1'), node('n2'), node('n3', { notReadyForMs: 10_000 })];
    const list = [instance(w, 1, 'n1', { state: 'Running' }), instance(w, 1, 'n2', { state: 'Running' }), instance(w, 1, 'n3', { state: 'Running' })];
    add({ name: 'a node not Ready within the grace keeps its instance; requeue when the grace ends', workload: w, nodes, instances: list, want: { lost: [], place: [], stop: [], requeueAt: NOW - 10_000 + GRACE_MS } });
  }
  {
    const w = workload('web', { replicas: 3 });
    const nodes = [node('n1'), node('n2'), node('n3', { notReadyForMs: GRACE_MS + 1 })];
    const onLost = instance(w, 1, 'n3', { state: 'Running' });
    const list = [instance(w, 1, 'n1', { state: 'Running' }), instance(w, 1, 'n2', { state: 'Running' }), onLost];
    add({ name: 'a node not Ready past the grace: its instance is lost and replaced elsewhere', workload: w, nodes, instances: list, want: { lost: [onLost.metadata.name], placeCount: 1, notOn: ['n3'], stop: [] } });
  }
  {
    const w = workload('web', { replicas: 1 });
    const nodes = [node('n1', { notReadyForMs: GRACE_MS * 2 })];
    const onLost = instance(w, 1, 'n1', { state: 'Running', stopping: true });
    add({ name: 'an instance being stopped on a lost node is released too', workload: w, nodes, instances: [onLost], want: { lost: [onLost.metadata.name], place: [], diagnosis: /0\/1 nodes available: 1 not ready/ } });
  }
  {
    const w = workload('web', { replicas: 3 });
    const old = instances(w, 1, ['n1', 'n2', 'n3'], 3, { state: 'Running' });
    add({ name: 'rolling, step 1: one new instance surges, no old one stops', workload: w, revision: 2, nodes: zones(), instances: old, want: { placeCount: 1, stop: [] } });
  }
  {
    const w = workload('web', { replicas: 3 });
    const old = instances(w, 1, ['n1', 'n2', 'n3'], 3, { state: 'Running' });
    const fresh = instance(w, 2, 'n1', { state: 'Starting' });
    add({ name: 'rolling, step 2: wait while the new one starts', workload: w, revision: 2, nodes: zones(), instances: [...old, fresh], want: { place: [], stop: [] } });
  }
  {
    const w = workload('web', { replicas: 3 });
    const old = [instance(w, 1, 'n1', { state: 'Running', ageMs: 50_000 }), instance(w, 1, 'n2', { state: 'Running', ageMs: 90_000 }), instance(w, 1, 'n3', { state: 'Running', ageMs: 70_000 })];
    const fresh = instance(w, 2, 'n1', { state: 'Running' });
    add({ name: 'rolling, step 3: the new one serves, the old one on its crowded node stops', workload: w, revision: 2, nodes: zones(), instances: [...old, fresh], want: { place: [], stop: [`${old[0]!.metadata.name}:rolling`] } });
  }
  {
    const w = workload('web', { replicas: 3 });
    const old = instances(w, 1, ['n1', 'n2', 'n3'], 3, { state: 'Running' });
    const looping = instance(w, 2, 'n1', { state: 'Starting', crashLoop: true, restarts: 7 });
    add({ name: 'rolling with a crash-looping new revision stalls: old ones keep serving', workload: w, revision: 2, nodes: zones(), instances: [...old, looping], want: { place: [], stop: [] } });
  }
  {
    const w = workload('web', { replicas: 3 });
    const old = instances(w, 1, ['n1', 'n2', 'n3'], 3, { state: 'Running' });
    const unhealthy = instance(w, 2, 'n1', { state: 'Running', unhealthy: true });
    add({ name: 'a Running instance failing its health check is not available', workload: w, revision: 2, nodes: zones(), instances: [...old, unhealthy], want: { place: [], stop: [] } });
  }
  {
    const w = workload('web', { replicas: 4, rollout: { maxSurge: 0, maxUnavailable: 1 } });
    const old = instances(w, 1, ['n1', 'n2', 'n3'], 4, { state: 'Running' });
    add({ name: 'maxSurge 0, maxUnavailable 1: one old stops before anything new', workload: w, revision: 2, nodes: zones(), instances: old, want: { place: [], stop: [`${old[3]!.metadata.name}:rolling`] } });
  }
  {
    const w = workload('web', { replicas: 3 });
    const current = instances(w, 2, ['n1', 'n2'], 2, { state: 'Running' });
    const stopping = instance(w, 1, 'n3', { state: 'Running', stopping: true });
    add({ name: 'an instance being stopped counts for nothing: its slot is refilled', workload: w, revision: 2, nodes: zones(), instances: [...current, stopping], want: { placeCount: 1, stop: [] } });
  }
  {
    const w = workload('job', { runtime: 'wasm', service: undefined, wasm: { module: { path: 'job.wasm' } }, replicas: 2 });
    const done = [instance(w, 1, 'n1', { state: 'Succeeded' }), instance(w, 1, 'n2', { state: 'Failed' })];
    add({ name: 'run-to-completion instances that finished are not replaced', workload: w, nodes: zones(), instances: done, want: { place: [], stop: [] } });
  }
  {
    const w = workload('job', { runtime: 'wasm', service: undefined, wasm: { module: { path: 'job.wasm' } }, replicas: 1 });
    const done = instance(w, 1, 'n1', { state: 'Succeeded' });
    add({ name: 'a new revision of a finished job runs again; the old record goes', workload: w, revision: 2, nodes: zones(), instances: [done], want: { placeCount: 1, stop: [`${done.metadata.name}:old-finished`] } });
  }
  {
    const w = workload('web', { replicas: 2 });
    const ok = instance(w, 1, 'n1', { state: 'Running' });
    const dead = instance(w, 1, 'n2', { state: 'Stopped' });
    add({ name: 'an instance its agent reports Stopped is released and replaced', workload: w, nodes: zones(), instances: [ok, dead], want: { placeCount: 1, stop: [`${dead.metadata.name}:defunct`] } });
  }
  {
    const w = workload('web', { replicas: 3 }, { deleting: true });
    const live = instances(w, 1, ['n1', 'n2'], 2, { state: 'Running' });
    const already = instance(w, 1, 'n3', { state: 'Stopping', stopping: true });
    const done = instance(w, 1, 'n3', { state: 'Succeeded' });
    add({ name: 'deleting: every instance is stopped, none placed', workload: w, nodes: zones(), instances: [...live, already, done], want: { place: [], stop: [...names(live), done.metadata.name].map((n) => `${n}:deleting`).sort(), lost: [] } });
  }
  {
    const w = workload('web', { replicas: 3 }, { deleting: true });
    const nodes = [node('n1', { notReadyForMs: GRACE_MS * 3 })];
    const stuck = instance(w, 1, 'n1', { state: 'Running', stopping: true });
    add({ name: 'deleting: instances on a lost node are released', workload: w, nodes, instances: [stuck], want: { place: [], stop: [], lost: [stuck.metadata.name] } });
  }
  {
    const w = workload('big', { replicas: 3, resources: { cpu: '100m', memory: '64Gi' } });
    add({ name: 'unschedulable: the diagnosis counts nodes per reason', workload: w, nodes: zones(), instances: [], want: { place: [], wanted: 3, diagnosis: /^0\/3 nodes available: 3 insufficient memory\.$/ } });
  }
  {
    const w = workload('gpu', { replicas: 1, placement: { nodeSelector: { gpu: 'true' } } });
    const nodes = [...zones(), node('n4', { notReadyForMs: 1000, labels: { gpu: 'true' } })];
    add({ name: 'unschedulable by selector and readiness', workload: w, nodes, instances: [], want: { place: [], diagnosis: /^0\/4 nodes available: 3 did not match nodeSelector, 1 not ready\.$/ } });
  }
  {
    const w = workload('web', { replicas: 2, resources: { cpu: '1', memory: '64Mi' } });
    const nodes = [node('n1', { cpuMillis: 2000 }), node('n2', { cpuMillis: 2000 })];
    const hog = workload('hog', { replicas: 1, resources: { cpu: '1500m', memory: '64Mi' } });
    add({ name: 'other workloads\' allocations are respected', workload: w, nodes, instances: [], others: [instance(hog, 1, 'n1', { state: 'Running' })], want: { place: ['n2', 'n2'] } });
  }
  {
    const w = workload('web', { replicas: 2, resources: { cpu: '1', memory: '64Mi' } });
    const nodes = [node('n1', { cpuMillis: 1000 })];
    const hog = workload('hog', { replicas: 1, resources: { cpu: '1', memory: '64Mi' } });
    add({ name: 'finished instances of others hold no resources', workload: w, nodes, instances: [], others: [instance(hog, 1, 'n1', { state: 'Succeeded' })], want: { place: ['n1'], wanted: 2, diagnosis: /insufficient cpu/ } });
  }
  {
    const w = workload('web', { replicas: 3, placement: { spread: { topologyKey: 'zone', maxSkew: 1 } } });
    const old = [instance(w, 1, 'n1', { state: 'Running' }), instance(w, 1, 'n2', { state: 'Running' })];
    const fresh = instance(w, 2, 'n1', { state: 'Running' });
    add({ name: 'spread counts only the current revision', workload: { ...w, spec: { ...w.spec, rollout: { ...w.spec.rollout, maxSurge: '2' } } }, revision: 2, nodes: zones(), instances: [...old, fresh], want: { placeCount: 2, notOn: ['n1'] } });
  }

  // everyNode mode.
  {
    const w = workload('probe', { placement: { mode: 'everyNode' } });
    add({ name: 'everyNode: one per node', workload: w, nodes: zones(), instances: [], want: { place: ['n1', 'n2', 'n3'], stop: [] } });
  }
  {
    const w = workload('probe', { placement: { mode: 'everyNode' } });
    const have = [instance(w, 1, 'n1', { state: 'Running' }), instance(w, 1, 'n2', { state: 'Running' })];
    add({ name: 'everyNode: a new node gets one', workload: w, nodes: zones(), instances: have, want: { place: ['n3'], stop: [] } });
  }
  {
    const w = workload('probe', { placement: { mode: 'everyNode', nodeSelector: { zone: 'a' } } });
    add({ name: 'everyNode: only matching nodes', workload: w, nodes: zones(), instances: [], want: { place: ['n1'] } });
  }
  {
    const w = workload('probe', { placement: { mode: 'everyNode', nodeSelector: { zone: 'x' } } });
    add({ name: 'everyNode: no matching node at all is unschedulable', workload: w, nodes: zones(), instances: [], want: { place: [], diagnosis: /^0\/3 nodes available: 3 did not match nodeSelector\.$/ } });
  }
  {
    const w = workload('probe', { placement: { mode: 'everyNode' } });
    const old = instances(w, 1, ['n1', 'n2', 'n3'], 3, { state: 'Running' });
    add({ name: 'everyNode rolling: replacements within maxSurge (25% of 3 → 1)', workload: w, revision: 2, nodes: zones(), instances: old, want: { placeCount: 1, stop: [] } });
  }
  {
    const w = workload('probe', { placement: { mode: 'everyNode' } });
    const old = [instance(w, 1, 'n1', { state: 'Running' }), instance(w, 1, 'n2', { state: 'Running' })];
    const fresh = instance(w, 2, 'n1', { state: 'Running' });
    add({ name: 'everyNode rolling: an old one goes once its node\'s new one serves; the next node is replaced', workload: w, revision: 2, nodes: zones().slice(0, 2), instances: [...old, fresh], want: { place: ['n2'], stop: [`${old[0]!.metadata.name}:rolling`] } });
  }
  {
    const w = workload('probe', { placement: { mode: 'everyNode' } });
    const a = instance(w, 1, 'n1', { state: 'Running', ageMs: 90_000 });
    const b = instance(w, 1, 'n1', { state: 'Running', ageMs: 1000 });
    add({ name: 'everyNode: a second instance on a node is a duplicate', workload: w, nodes: [node('n1')], instances: [a, b], want: { place: [], stop: [`${b.metadata.name}:duplicate`] } });
  }
  {
    const w = workload('probe', { placement: { mode: 'everyNode' }, rollout: { maxSurge: 0, maxUnavailable: 1 } });
    const nodes = [node('n1', { cpuMillis: 100 })];
    const old = instance(w, 1, 'n1', { state: 'Running' });
    add({ name: 'everyNode: a node without room for a replacement frees its old one within maxUnavailable', workload: w, revision: 2, nodes, instances: [old], want: { place: [], stop: [`${old.metadata.name}:rolling`] } });
  }
  return list;
}

describe('planReconcile', () => {
  for (const tc of cases()) {
    it(tc.name, () => {
      const p = plan(tc);
      const w = tc.want;
      if (w.place) assert.deepEqual([...p.place].sort(), w.place, 'place');
      if (w.placeCount !== undefined) assert.equal(p.place.length, w.placeCount, 'place count');
      if (w.stop) assert.deepEqual(p.stop.map((s) => `${s.instance.metadata.name}:${s.reason}`).sort(), w.stop, 'stop');
      if (w.lost) assert.deepEqual(names(p.lost), w.lost, 'lost');
      if (w.wanted !== undefined) assert.equal(p.scheduling?.wanted, w.wanted, 'wanted');
      if (w.diagnosis) assert.match(p.scheduling?.diagnosis?.message ?? '', w.diagnosis);
      if (w.requeueAt !== undefined) assert.equal(p.requeueAt, w.requeueAt, 'requeueAt');
      for (const n of w.notOn ?? []) assert.ok(!p.place.includes(n), `placed on ${n}: ${p.place.join(', ')}`);
    });
  }

  it('is deterministic: the same input gives the same plan', () => {
    for (const tc of cases()) assert.deepEqual(plan(tc), plan(tc), tc.name);
  });
});
