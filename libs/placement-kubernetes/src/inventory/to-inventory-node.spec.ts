import assert from 'node:assert/strict';
import type { V1Node } from '@kubernetes/client-node';
import { toInventoryNode } from './to-inventory-node.js';

function node(overrides: { labels?: Record<string, string>; allocatable?: Record<string, string>; nodeInfo?: Partial<NonNullable<NonNullable<V1Node['status']>['nodeInfo']>>; ready?: string; taints?: NonNullable<V1Node['spec']>['taints']; unschedulable?: boolean }): V1Node {
  return {
    metadata: { name: 'n1', labels: overrides.labels ?? {}, resourceVersion: '7' },
    spec: { taints: overrides.taints, unschedulable: overrides.unschedulable },
    status: {
      allocatable: overrides.allocatable ?? { cpu: '4', memory: '8Gi', pods: '110' },
      nodeInfo: { architecture: 'amd64', kernelVersion: '6.1.0-18-amd64', ...overrides.nodeInfo } as NonNullable<NonNullable<V1Node['status']>['nodeInfo']>,
      conditions: overrides.ready === undefined ? [] : [{ type: 'Ready', status: overrides.ready }],
    },
  };
}

describe('toInventoryNode', () => {
  const cases = [
    {
      name: 'parses allocatable quantities',
      input: node({ allocatable: { cpu: '3500m', memory: '16318496Ki', pods: '110' } }),
      check: { allocatable: { cpuMillicores: 3500, memoryBytes: 16318496 * 1024, pods: 110 } },
    },
    { name: 'arch from nodeInfo', input: node({}), check: { arch: 'amd64' } },
    { name: 'arch label wins', input: node({ labels: { 'kubernetes.io/arch': 'arm64' } }), check: { arch: 'arm64' } },
    { name: 'kernel from nodeInfo', input: node({}), check: { kernelVersion: '6.1.0-18-amd64' } },
    { name: 'kernel label wins', input: node({ labels: { 'mosaic.dev/kernel-version': '5.15.0' } }), check: { kernelVersion: '5.15.0' } },
    { name: 'no kernel anywhere', input: node({ nodeInfo: { kernelVersion: '' } }), check: { kernelVersion: undefined } },
    { name: 'ready', input: node({ ready: 'True' }), check: { ready: true } },
    { name: 'not ready', input: node({ ready: 'Unknown' }), check: { ready: false } },
    { name: 'no conditions', input: node({}), check: { ready: false } },
    { name: 'cordoned', input: node({ unschedulable: true }), check: { unschedulable: true } },
    {
      name: 'taints',
      input: node({ taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }] }),
      check: { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }] },
    },
    { name: 'malformed quantity counts as zero', input: node({ allocatable: { cpu: 'lots', memory: '1Gi' } }), check: { allocatable: { cpuMillicores: 0, memoryBytes: 1024 ** 3, pods: 0 } } },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const got = toInventoryNode(tc.input) as unknown as Record<string, unknown>;
      for (const [key, want] of Object.entries(tc.check)) assert.deepEqual(got[key], want, key);
    });
  }

  it('copies name, labels and resourceVersion', () => {
    const got = toInventoryNode(node({ labels: { a: 'b' } }));
    assert.equal(got.name, 'n1');
    assert.deepEqual(got.labels, { a: 'b' });
    assert.equal(got.resourceVersion, '7');
  });
});
