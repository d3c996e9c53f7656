import type { InstanceObject, InstanceState } from '@mosaic/api';
import assert from 'node:assert/strict';
import { allocationByNode } from './node-allocation.js';

function inst(node: string, cpu: string, memory: string, state?: InstanceState): InstanceObject {
  return {
    apiVersion: 'mosaic.dev/v1',
    kind: 'Instance',
    metadata: { name: `${node}-${cpu}`, namespace: 'ns' },
    spec: { workload: 'w', workloadUid: 'u', revision: 1, node, runtime: 'service', template: { resources: { cpu, memory } } as InstanceObject['spec']['template'] },
    ...(state ? { status: { state, restarts: 0, updatedAt: '' } } : {}),
  };
}

describe('allocationByNode', () => {
  const cases: { name: string; instances: InstanceObject[]; want: Record<string, { cpuMillis: number; memoryBytes: number; instances: number }> }[] = [
    { name: 'no instances', instances: [], want: {} },
    {
      name: 'sums requests per node',
      instances: [inst('a', '500m', '64Mi'), inst('a', '1', '1Gi', 'Running'), inst('b', '100m', '1M')],
      want: { a: { cpuMillis: 1500, memoryBytes: 64 * 2 ** 20 + 2 ** 30, instances: 2 }, b: { cpuMillis: 100, memoryBytes: 1e6, instances: 1 } },
    },
    {
      name: 'ended instances hold nothing; starting and stopping ones do',
      instances: [inst('a', '1', '1Mi', 'Succeeded'), inst('a', '2', '1Mi', 'Failed'), inst('a', '3', '1Mi', 'Stopped'), inst('a', '4', '1Mi', 'Stopping'), inst('a', '5', '1Mi', 'Starting')],
      want: { a: { cpuMillis: 9000, memoryBytes: 2 * 2 ** 20, instances: 2 } },
    },
  ];
  for (const tc of cases) it(tc.name, () => assert.deepEqual(Object.fromEntries(allocationByNode(tc.instances)), tc.want));
});
