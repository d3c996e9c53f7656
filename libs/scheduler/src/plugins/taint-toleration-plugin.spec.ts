import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import type { PlacementSpec } from '@mosaic/api';
import type { Taint } from '../framework/cluster-snapshot.js';
import { describeStatus, makeContext, makeNode, makeSpec, nodeInfo, runFilter } from '../../test/fixtures.js';
import { taintTolerationPlugin } from './taint-toleration-plugin.js';

type Tolerations = NonNullable<PlacementSpec['tolerations']>;

describe('TaintToleration filter', () => {
  const NO = 'UnschedulableAndUnresolvable: had untolerated taints';
  const gpu: Taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };
  const cases: { name: string; taints: Taint[]; tolerations?: Tolerations; want: string }[] = [
    { name: 'no taints', taints: [], want: 'Success' },
    { name: 'NoSchedule blocks', taints: [gpu], want: NO },
    { name: 'NoExecute blocks', taints: [{ key: 'maintenance', effect: 'NoExecute' }], want: NO },
    { name: 'PreferNoSchedule does not block', taints: [{ key: 'spot', value: 'true', effect: 'PreferNoSchedule' }], want: 'Success' },
    { name: 'Equal with the same value tolerates', taints: [gpu], tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu' }], want: 'Success' },
    { name: 'Equal with another value does not', taints: [gpu], tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db' }], want: NO },
    { name: 'Equal without a value matches an empty taint value', taints: [{ key: 'k', effect: 'NoSchedule' }], tolerations: [{ key: 'k', operator: 'Equal' }], want: 'Success' },
    { name: 'Equal without a value does not match a valued taint', taints: [gpu], tolerations: [{ key: 'dedicated', operator: 'Equal' }], want: NO },
    { name: 'Exists on the key tolerates any value', taints: [gpu], tolerations: [{ key: 'dedicated', operator: 'Exists' }], want: 'Success' },
    { name: 'Exists without a key tolerates everything', taints: [gpu, { key: 'x', effect: 'NoExecute' }], tolerations: [{ operator: 'Exists' }], want: 'Success' },
    { name: 'matching effect tolerates', taints: [gpu], tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }], want: 'Success' },
    { name: 'other effect does not', taints: [gpu], tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }], want: NO },
    { name: 'every blocking taint must be tolerated', taints: [gpu, { key: 'maintenance', effect: 'NoExecute' }], tolerations: [{ key: 'dedicated', operator: 'Exists' }], want: NO },
    { name: 'several tolerations cover several taints', taints: [gpu, { key: 'maintenance', effect: 'NoExecute' }], tolerations: [
      { key: 'dedicated', operator: 'Exists' },
      { key: 'maintenance', operator: 'Exists', effect: 'NoExecute' },
    ], want: 'Success' },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const spec = makeSpec({ placement: { tolerations: tc.tolerations } });
      assert.equal(describeStatus(runFilter(taintTolerationPlugin, makeContext(spec), nodeInfo(makeNode('n', { taints: tc.taints })))), tc.want);
    });
  }
});
