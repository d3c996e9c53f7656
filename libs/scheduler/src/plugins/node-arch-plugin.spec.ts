import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import type { PlacementSpec } from '@mosaic/api';
import { describeStatus, makeContext, makeNode, makeSpec, nodeInfo, runFilter } from '../../test/fixtures.js';
import { nodeArchPlugin } from './node-arch-plugin.js';

describe('NodeArch filter', () => {
  const cases: { arch: PlacementSpec['arch']; node: string; want: string }[] = [
    { arch: undefined, node: 'arm64', want: 'Skip' },
    { arch: ['amd64'], node: 'amd64', want: 'Success' },
    { arch: ['amd64'], node: 'arm64', want: 'UnschedulableAndUnresolvable: did not match arch' },
    { arch: ['amd64', 'arm64'], node: 'arm64', want: 'Success' },
    { arch: ['riscv64'], node: 'amd64', want: 'UnschedulableAndUnresolvable: did not match arch' },
  ];
  for (const tc of cases) {
    it(`${JSON.stringify(tc.arch)} on ${tc.node} → ${tc.want}`, () => {
      const spec = makeSpec({ placement: { arch: tc.arch } });
      assert.equal(describeStatus(runFilter(nodeArchPlugin, makeContext(spec), nodeInfo(makeNode('n', { arch: tc.node })))), tc.want);
    });
  }
});
