import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { GI, describeStatus, makeContext, makeNode, makeSpec, nodeInfo, runFilter } from '../../test/fixtures.js';
import { nodeResourcesFitPlugin } from './node-resources-fit-plugin.js';

describe('NodeResourcesFit filter', () => {
  // capacity: 4000m / 8Gi
  const cases: { name: string; cpu: number; memory: number; requestedCpu: number; requestedMemory: number; want: string }[] = [
    { name: 'fits on an empty node', cpu: 500, memory: GI, requestedCpu: 0, requestedMemory: 0, want: 'Success' },
    { name: 'fits exactly', cpu: 1000, memory: 2 * GI, requestedCpu: 3000, requestedMemory: 6 * GI, want: 'Success' },
    { name: 'one millicore too many', cpu: 1001, memory: GI, requestedCpu: 3000, requestedMemory: 0, want: 'Unschedulable: insufficient cpu' },
    { name: 'one byte too many', cpu: 100, memory: 2 * GI + 1, requestedCpu: 0, requestedMemory: 6 * GI, want: 'Unschedulable: insufficient memory' },
    { name: 'both short', cpu: 4001, memory: 9 * GI, requestedCpu: 0, requestedMemory: 0, want: 'Unschedulable: insufficient cpu, insufficient memory' },
    { name: 'reserved in this call counts', cpu: 1000, memory: GI, requestedCpu: 3500, requestedMemory: 0, want: 'Unschedulable: insufficient cpu' },
    { name: 'zero cpu fits an overcommitted node', cpu: 0, memory: GI, requestedCpu: 5000, requestedMemory: 0, want: 'Success' },
    { name: 'zero memory fits a full node', cpu: 100, memory: 0, requestedCpu: 0, requestedMemory: 8 * GI, want: 'Success' },
    { name: 'nothing requested: skipped', cpu: 0, memory: 0, requestedCpu: 9000, requestedMemory: 9 * GI, want: 'Skip' },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const node = makeNode('n');
      const ctx = makeContext(makeSpec(), { cpuMillis: tc.cpu, memoryBytes: tc.memory });
      const info = nodeInfo(node, { requestedCpuMillis: tc.requestedCpu, requestedMemoryBytes: tc.requestedMemory });
      assert.equal(describeStatus(runFilter(nodeResourcesFitPlugin, ctx, info)), tc.want);
    });
  }
});
