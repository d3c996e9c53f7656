import type { NodeObject } from '@mosaic/api';
import assert from 'node:assert/strict';
import type { AgentRegistration } from './agent-types.js';
import { nodeFromRegistration } from './node-from-registration.js';
import { withReadyCondition } from './node-ready-condition.js';

const reg: AgentRegistration = {
  nodeName: 'n1',
  agentId: 'agent-1',
  labels: { zone: 'a' },
  facts: { arch: 'amd64', kernelVersion: '6.1.0', btf: true, canLoadBpf: false, runtimes: ['service'], capacity: { cpuMillis: 2000, memoryBytes: 1024 }, agentVersion: '0.1.0' },
  unavailableRuntimes: [],
  instances: [],
};

describe('nodeFromRegistration', () => {
  it('creates a cluster-scoped, Ready Node with the agent’s labels and facts', () => {
    const node = nodeFromRegistration(reg, undefined, 'T1');
    assert.deepEqual(node.metadata, { name: 'n1', namespace: '', labels: { zone: 'a' } });
    assert.deepEqual(node.spec, {});
    assert.equal(node.status!.state, 'Ready');
    assert.equal(node.status!.lastHeartbeatTime, 'T1');
    assert.deepEqual(node.status!.runtimes, ['service']);
    assert.deepEqual(node.status!.conditions!.map((c) => [c.type, c.status, c.reason, c.lastTransitionTime]), [['Ready', 'True', 'AgentRegistered', 'T1']]);
  });

  it('keeps what the agent does not own (spec, other metadata) and replaces labels and facts', () => {
    const existing: NodeObject = {
      ...nodeFromRegistration({ ...reg, labels: { zone: 'old' } }, undefined, 'T0'),
      metadata: { name: 'n1', namespace: '', uid: 'u', resourceVersion: '7', labels: { zone: 'old' }, annotations: { note: 'x' } },
      spec: { unschedulable: true, taints: [{ key: 'k', effect: 'NoSchedule' }] },
    };
    const node = nodeFromRegistration(reg, existing, 'T1');
    assert.deepEqual(node.spec, existing.spec);
    assert.deepEqual(node.metadata, { ...existing.metadata, labels: { zone: 'a' } });
    assert.equal(node.status!.conditions![0]!.lastTransitionTime, 'T0', 'still Ready: the transition time stays');
  });
});

describe('withReadyCondition', () => {
  const cases = [
    { name: 'first condition', before: undefined, state: 'Ready' as const, want: ['True', 'T1'] },
    { name: 'same status keeps its transition time', before: 'True', state: 'Ready' as const, want: ['True', 'T0'] },
    { name: 'a flip moves it', before: 'True', state: 'NotReady' as const, want: ['False', 'T1'] },
    { name: 'Unknown', before: 'False', state: 'Unknown' as const, want: ['Unknown', 'T1'] },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const before = tc.before ? [{ type: 'Ready', status: tc.before as 'True', reason: 'r', message: 'm', lastTransitionTime: 'T0' }, { type: 'Other', status: 'True' as const, reason: 'x', message: '', lastTransitionTime: 'T0' }] : undefined;
      const out = withReadyCondition(before, tc.state, 'R', 'msg', 'T1');
      const ready = out.find((c) => c.type === 'Ready')!;
      assert.deepEqual([ready.status, ready.lastTransitionTime], tc.want);
      assert.equal(out.length, before ? 2 : 1, 'other conditions are kept');
    });
  }
});
