import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import type { PlacementSpec } from '@mosaic/api';
import type { Taint } from '../framework/cluster-snapshot.js';
import { makeContext, makeNode, makeSpec, nodeInfo, runScore } from '../../test/fixtures.js';
import { createTaintPreferNoSchedulePlugin } from './taint-prefer-no-schedule-plugin.js';

describe('TaintPreferNoSchedule score', () => {
  const spot: Taint = { key: 'spot', value: 'true', effect: 'PreferNoSchedule' };
  const old: Taint = { key: 'old-kernel', effect: 'PreferNoSchedule' };
  const cases: { name: string; taints: Taint[]; tolerations?: PlacementSpec['tolerations']; want: number }[] = [
    { name: 'no taints', taints: [], want: 100 },
    { name: 'one untolerated', taints: [spot], want: 50 },
    { name: 'two untolerated', taints: [spot, old], want: 100 / 3 },
    { name: 'tolerated', taints: [spot], tolerations: [{ key: 'spot', operator: 'Exists' }], want: 100 },
    { name: 'one of two tolerated', taints: [spot, old], tolerations: [{ key: 'spot', operator: 'Equal', value: 'true' }], want: 50 },
    { name: 'NoSchedule taints are the filter\'s business', taints: [{ key: 'x', effect: 'NoSchedule' }], want: 100 },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const ctx = makeContext(makeSpec({ placement: { tolerations: tc.tolerations } }));
      assert.equal(runScore(createTaintPreferNoSchedulePlugin(), ctx, nodeInfo(makeNode('n', { taints: tc.taints }))), tc.want);
    });
  }
});
