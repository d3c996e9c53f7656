import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import type { PlacementSpec } from '@mosaic/api';
import { makeContext, makeNode, makeSpec, nodeInfo, runScore } from '../../test/fixtures.js';
import { createPreferredAffinityPlugin } from './preferred-affinity-plugin.js';

type Terms = NonNullable<PlacementSpec['affinity']>;

describe('PreferredAffinity score', () => {
  const labels = { zone: 'a', disk: 'ssd', cores: '16' };
  const cases: { name: string; terms: Terms | undefined; want: number | 'Skip' }[] = [
    { name: 'no terms: skipped', terms: undefined, want: 'Skip' },
    { name: 'only required terms: skipped', terms: [{ key: 'zone', operator: 'In', values: ['a'] }], want: 'Skip' },
    { name: 'the one preferred term matches', terms: [{ key: 'zone', operator: 'In', values: ['a'], weight: 10 }], want: 100 },
    { name: 'the one preferred term misses', terms: [{ key: 'zone', operator: 'In', values: ['b'], weight: 10 }], want: 0 },
    { name: 'weights add up', terms: [
      { key: 'zone', operator: 'In', values: ['a'], weight: 30 },
      { key: 'disk', operator: 'In', values: ['hdd'], weight: 70 },
    ], want: 30 },
    { name: 'every operator counts', terms: [
      { key: 'disk', operator: 'Exists', weight: 25 },
      { key: 'gpu', operator: 'DoesNotExist', weight: 25 },
      { key: 'cores', operator: 'Gt', values: ['8'], weight: 25 },
      { key: 'zone', operator: 'NotIn', values: ['a'], weight: 25 },
    ], want: 75 },
    { name: 'required terms are ignored', terms: [
      { key: 'zone', operator: 'In', values: ['b'] },
      { key: 'disk', operator: 'In', values: ['ssd'], weight: 1 },
    ], want: 100 },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const ctx = makeContext(makeSpec({ placement: { affinity: tc.terms } }));
      assert.equal(runScore(createPreferredAffinityPlugin(), ctx, nodeInfo(makeNode('n', { labels }))), tc.want);
    });
  }
});
