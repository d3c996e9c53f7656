import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import type { PlacementSpec } from '@mosaic/api';
import { describeStatus, makeContext, makeNode, makeSpec, nodeInfo, runFilter } from '../../test/fixtures.js';
import { nodeAffinityPlugin } from './node-affinity-plugin.js';

type Terms = NonNullable<PlacementSpec['affinity']>;

describe('NodeAffinity filter (required terms)', () => {
  const NO = 'UnschedulableAndUnresolvable: did not match required affinity';
  const labels = { zone: 'a', disk: 'ssd', cores: '16', gen: 'x7' };
  const cases: { name: string; terms: Terms | undefined; want: string }[] = [
    { name: 'no terms: skipped', terms: undefined, want: 'Skip' },
    { name: 'only preferred terms: skipped', terms: [{ key: 'zone', operator: 'In', values: ['a'], weight: 10 }], want: 'Skip' },
    { name: 'In matches', terms: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }], want: 'Success' },
    { name: 'In misses', terms: [{ key: 'zone', operator: 'In', values: ['b', 'c'] }], want: NO },
    { name: 'In on a missing label', terms: [{ key: 'rack', operator: 'In', values: ['r1'] }], want: NO },
    { name: 'NotIn holds', terms: [{ key: 'zone', operator: 'NotIn', values: ['b'] }], want: 'Success' },
    { name: 'NotIn fails', terms: [{ key: 'zone', operator: 'NotIn', values: ['a'] }], want: NO },
    { name: 'NotIn holds for a missing label', terms: [{ key: 'rack', operator: 'NotIn', values: ['r1'] }], want: 'Success' },
    { name: 'Exists holds', terms: [{ key: 'disk', operator: 'Exists' }], want: 'Success' },
    { name: 'Exists fails', terms: [{ key: 'gpu', operator: 'Exists' }], want: NO },
    { name: 'DoesNotExist holds', terms: [{ key: 'gpu', operator: 'DoesNotExist' }], want: 'Success' },
    { name: 'DoesNotExist fails', terms: [{ key: 'disk', operator: 'DoesNotExist' }], want: NO },
    { name: 'Gt holds', terms: [{ key: 'cores', operator: 'Gt', values: ['8'] }], want: 'Success' },
    { name: 'Gt is strict', terms: [{ key: 'cores', operator: 'Gt', values: ['16'] }], want: NO },
    { name: 'Lt holds', terms: [{ key: 'cores', operator: 'Lt', values: ['32'] }], want: 'Success' },
    { name: 'Lt is strict', terms: [{ key: 'cores', operator: 'Lt', values: ['16'] }], want: NO },
    { name: 'Gt with a negative bound', terms: [{ key: 'cores', operator: 'Gt', values: ['-1'] }], want: 'Success' },
    { name: 'Gt on a non-integer label', terms: [{ key: 'gen', operator: 'Gt', values: ['1'] }], want: NO },
    { name: 'Lt on a missing label', terms: [{ key: 'ram', operator: 'Lt', values: ['100'] }], want: NO },
    { name: 'all required terms must hold', terms: [
      { key: 'zone', operator: 'In', values: ['a'] },
      { key: 'disk', operator: 'In', values: ['hdd'] },
    ], want: NO },
    { name: 'required holds while a preferred term misses', terms: [
      { key: 'zone', operator: 'In', values: ['a'] },
      { key: 'disk', operator: 'In', values: ['hdd'], weight: 50 },
    ], want: 'Success' },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const spec = makeSpec({ placement: { affinity: tc.terms } });
      assert.equal(describeStatus(runFilter(nodeAffinityPlugin, makeContext(spec), nodeInfo(makeNode('n', { labels })))), tc.want);
    });
  }
});
