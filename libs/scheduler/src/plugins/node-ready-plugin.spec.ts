import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import type { NodeSnapshot } from '../framework/cluster-snapshot.js';
import { describeStatus, makeContext, makeNode, makeSpec, nodeInfo, runFilter } from '../../test/fixtures.js';
import { nodeReadyPlugin } from './node-ready-plugin.js';

describe('NodeReady filter', () => {
  const cases: { name: string; node: Partial<NodeSnapshot>; want: string }[] = [
    { name: 'ready and schedulable', node: { ready: true, schedulable: true }, want: 'Success' },
    { name: 'not ready', node: { ready: false, schedulable: true }, want: 'Unschedulable: not ready' },
    { name: 'cordoned', node: { ready: true, schedulable: false }, want: 'UnschedulableAndUnresolvable: marked unschedulable' },
    { name: 'not ready and cordoned reports not ready', node: { ready: false, schedulable: false }, want: 'Unschedulable: not ready' },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const spec = makeSpec();
      assert.equal(describeStatus(runFilter(nodeReadyPlugin, makeContext(spec), nodeInfo(makeNode('n', tc.node)))), tc.want);
    });
  }
});
