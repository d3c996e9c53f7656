import { INSTANCE_STOP_FINALIZER, type InstanceObject, type InstanceState } from '@mosaic/api';
import assert from 'node:assert/strict';
import type { AgentInstanceReport } from './agent-types.js';
import { planInstanceSync } from './plan-instance-sync.js';

function inst(name: string, o: { uid?: string; terminating?: boolean; state?: InstanceState } = {}): InstanceObject {
  return {
    apiVersion: 'mosaic.dev/v1',
    kind: 'Instance',
    metadata: { name, namespace: 'ns', uid: o.uid ?? `uid-${name}`, finalizers: [INSTANCE_STOP_FINALIZER], ...(o.terminating ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
    spec: { workload: 'w', workloadUid: 'wu', revision: 1, node: 'n1', runtime: 'service', template: {} as InstanceObject['spec']['template'] },
    ...(o.state ? { status: { state: o.state, restarts: 0, updatedAt: '' } } : {}),
  };
}

function held(name: string, o: { uid?: string; released?: boolean } = {}): AgentInstanceReport {
  return { namespace: 'ns', name, uid: o.uid ?? `uid-${name}`, state: 'Running', restarts: 0, conditions: [], released: o.released ?? false };
}

const names = (plan: ReturnType<typeof planInstanceSync>) => ({
  assign: plan.assign.map((i) => i.metadata.name),
  stop: plan.stop.map((s) => s.name),
  release: plan.release.map((i) => i.metadata.name),
  report: plan.report.map((r) => r.instance.metadata.name),
});

describe('planInstanceSync', () => {
  const cases: { name: string; store: InstanceObject[]; agent: AgentInstanceReport[]; want: ReturnType<typeof names> }[] = [
    { name: 'nothing anywhere', store: [], agent: [], want: { assign: [], stop: [], release: [], report: [] } },
    { name: 'a store instance the agent lacks is assigned', store: [inst('a')], agent: [], want: { assign: ['a'], stop: [], release: [], report: [] } },
    { name: 'one the agent runs resumes its status', store: [inst('a')], agent: [held('a')], want: { assign: [], stop: [], release: [], report: ['a'] } },
    { name: 'one gone from the store is stopped', store: [], agent: [held('a')], want: { assign: [], stop: ['a'], release: [], report: [] } },
    { name: 'a terminating one the agent runs is stopped', store: [inst('a', { terminating: true })], agent: [held('a')], want: { assign: [], stop: ['a'], release: [], report: [] } },
    { name: 'a terminating one the agent lacks is released', store: [inst('a', { terminating: true })], agent: [], want: { assign: [], stop: [], release: ['a'], report: [] } },
    { name: 'a finished one is not run again', store: [inst('a', { state: 'Succeeded' }), inst('b', { state: 'Failed' })], agent: [], want: { assign: [], stop: [], release: [], report: [] } },
    { name: 'a re-created namesake: the old one stops first, the new one waits', store: [inst('a', { uid: 'new' })], agent: [held('a', { uid: 'old' })], want: { assign: [], stop: ['a'], release: [], report: [] } },
    { name: 'a released report counts as not held', store: [inst('a')], agent: [held('a', { released: true })], want: { assign: ['a'], stop: [], release: [], report: [] } },
    { name: 'a report without uid (older agent) matches by name', store: [inst('a')], agent: [held('a', { uid: '' })], want: { assign: [], stop: [], release: [], report: ['a'] } },
    {
      name: 'everything at once',
      store: [inst('keep'), inst('new'), inst('dying', { terminating: true }), inst('dead', { terminating: true })],
      agent: [held('keep'), held('dying'), held('orphan')],
      want: { assign: ['new'], stop: ['dying', 'orphan'], release: ['dead'], report: ['keep'] },
    },
  ];
  for (const tc of cases) it(tc.name, () => assert.deepEqual(names(planInstanceSync(tc.store, tc.agent)), tc.want));
});
