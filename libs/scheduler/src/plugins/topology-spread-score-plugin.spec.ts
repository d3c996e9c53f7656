import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { makeContext, makeNode, makeSpec, nodeInfo, runScore, spreadOf } from '../../test/fixtures.js';
import { createTopologySpreadScorePlugin } from './topology-spread-score-plugin.js';

describe('TopologySpreadScore', () => {
  const cases: { name: string; counts: number[] | undefined; domain: number; want: number | 'Skip' }[] = [
    { name: 'no spread: skipped', counts: undefined, domain: -1, want: 'Skip' },
    { name: 'all equal', counts: [3, 3, 3], domain: 1, want: 100 },
    { name: 'least loaded', counts: [2, 0, 4], domain: 1, want: 100 },
    { name: 'most loaded', counts: [2, 0, 4], domain: 2, want: 0 },
    { name: 'in between', counts: [2, 0, 4], domain: 0, want: 50 },
    { name: 'quarter of the way', counts: [1, 0, 4], domain: 0, want: 75 },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const ctx = makeContext(makeSpec(), { spread: tc.counts ? spreadOf(tc.counts) : undefined });
      assert.equal(runScore(createTopologySpreadScorePlugin(), ctx, nodeInfo(makeNode('n'), { domain: tc.domain })), tc.want);
    });
  }

  it('has weight 2 by default and takes another', () => {
    assert.equal(createTopologySpreadScorePlugin().weight, 2);
    assert.equal(createTopologySpreadScorePlugin(5).weight, 5);
  });
});
