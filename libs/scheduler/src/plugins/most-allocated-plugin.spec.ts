import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { GI, makeContext, makeNode, makeSpec, nodeInfo, runScore } from '../../test/fixtures.js';
import { createLeastAllocatedPlugin } from './least-allocated-plugin.js';
import { createMostAllocatedPlugin } from './most-allocated-plugin.js';

// Both resource strategies over one table: LeastAllocated is 100 − MostAllocated.
describe('MostAllocated and LeastAllocated scores', () => {
  // capacity 4000m / 8Gi unless given
  const cases: { name: string; cpu: number; memory: number; requestedCpu: number; requestedMemory: number; capacity?: { cpuMillis: number; memoryBytes: number }; most: number }[] = [
    { name: 'empty node, tiny instance', cpu: 0, memory: 0, requestedCpu: 0, requestedMemory: 0, most: 0 },
    { name: 'half full after placing', cpu: 1000, memory: 2 * GI, requestedCpu: 1000, requestedMemory: 2 * GI, most: 50 },
    { name: 'cpu full, memory empty', cpu: 4000, memory: 0, requestedCpu: 0, requestedMemory: 0, most: 50 },
    { name: 'full after placing', cpu: 1000, memory: GI, requestedCpu: 3000, requestedMemory: 7 * GI, most: 100 },
    { name: 'overcommitted clamps to full', cpu: 1000, memory: GI, requestedCpu: 8000, requestedMemory: 16 * GI, most: 100 },
    { name: 'no cpu capacity: memory alone', cpu: 100, memory: 2 * GI, requestedCpu: 0, requestedMemory: 2 * GI, capacity: { cpuMillis: 0, memoryBytes: 8 * GI }, most: 50 },
    { name: 'no capacity at all counts as full', cpu: 0, memory: 0, requestedCpu: 0, requestedMemory: 0, capacity: { cpuMillis: 0, memoryBytes: 0 }, most: 100 },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const node = makeNode('n', tc.capacity ? { capacity: tc.capacity } : {});
      const ctx = makeContext(makeSpec(), { cpuMillis: tc.cpu, memoryBytes: tc.memory });
      const info = nodeInfo(node, { requestedCpuMillis: tc.requestedCpu, requestedMemoryBytes: tc.requestedMemory });
      assert.equal(runScore(createMostAllocatedPlugin(), ctx, info), tc.most);
      assert.equal(runScore(createLeastAllocatedPlugin(), ctx, info), 100 - tc.most);
    });
  }

  it('fuller nodes score higher with MostAllocated and lower with LeastAllocated', () => {
    const ctx = makeContext(makeSpec(), { cpuMillis: 100, memoryBytes: 0 });
    const empty = nodeInfo(makeNode('a'));
    const busy = nodeInfo(makeNode('b'), { requestedCpuMillis: 2000 });
    const most = createMostAllocatedPlugin();
    const least = createLeastAllocatedPlugin();
    assert.ok(Number(runScore(most, ctx, busy)) > Number(runScore(most, ctx, empty)));
    assert.ok(Number(runScore(least, ctx, busy)) < Number(runScore(least, ctx, empty)));
  });
});
