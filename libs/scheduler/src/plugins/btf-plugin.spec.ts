import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { describeStatus, makeContext, makeNode, makeSpec, nodeInfo, runFilter } from '../../test/fixtures.js';
import { btfPlugin } from './btf-plugin.js';

describe('Btf filter', () => {
  const cases: { btf: boolean | undefined; node: boolean; want: string }[] = [
    { btf: undefined, node: false, want: 'Skip' },
    { btf: false, node: false, want: 'Skip' },
    { btf: true, node: true, want: 'Success' },
    { btf: true, node: false, want: 'UnschedulableAndUnresolvable: did not have BTF' },
  ];
  for (const tc of cases) {
    it(`requires.btf ${String(tc.btf)} on a node with btf ${String(tc.node)} → ${tc.want}`, () => {
      const spec = tc.btf === undefined ? makeSpec({ runtime: 'ebpf' }) : makeSpec({ btf: tc.btf });
      assert.equal(describeStatus(runFilter(btfPlugin, makeContext(spec), nodeInfo(makeNode('n', { btf: tc.node })))), tc.want);
    });
  }
});
