import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { describeStatus, makeContext, makeNode, makeSpec, nodeInfo, runFilter, spreadOf } from '../../test/fixtures.js';
import { topologySpreadPlugin } from './topology-spread-plugin.js';

describe('TopologySpread filter', () => {
  const SKEW = 'Unschedulable: would exceed maxSkew';
  const cases: { name: string; counts: number[] | undefined; maxSkew?: number; domain: number; want: string }[] = [
    { name: 'no spread: skipped', counts: undefined, domain: -1, want: 'Skip' },
    { name: 'all empty', counts: [0, 0, 0], domain: 0, want: 'Success' },
    { name: 'the domain at the minimum', counts: [1, 0, 1], domain: 1, want: 'Success' },
    { name: 'one above the minimum, maxSkew 1', counts: [1, 0, 1], domain: 0, want: SKEW },
    { name: 'one above the minimum, maxSkew 2', counts: [1, 0, 1], maxSkew: 2, domain: 0, want: 'Success' },
    { name: 'two above the minimum, maxSkew 2', counts: [2, 0, 1], maxSkew: 2, domain: 0, want: SKEW },
    { name: 'balanced domains', counts: [2, 2, 2], domain: 2, want: 'Success' },
    { name: 'single domain never skews', counts: [7], domain: 0, want: 'Success' },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const spec = makeSpec({ placement: tc.counts ? { spread: { topologyKey: 'zone', maxSkew: tc.maxSkew ?? 1 } } : {} });
      const ctx = makeContext(spec, { spread: tc.counts ? spreadOf(tc.counts, tc.maxSkew ?? 1) : undefined });
      assert.equal(describeStatus(runFilter(topologySpreadPlugin, ctx, nodeInfo(makeNode('n'), { domain: tc.domain }))), tc.want);
    });
  }
});
