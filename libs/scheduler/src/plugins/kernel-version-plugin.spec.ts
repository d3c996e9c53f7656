import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { describeStatus, makeContext, makeNode, makeSpec, nodeInfo, runFilter } from '../../test/fixtures.js';
import { kernelVersionPlugin } from './kernel-version-plugin.js';

describe('KernelVersion filter', () => {
  const OUT = 'UnschedulableAndUnresolvable: did not satisfy the kernel version range';
  const cases: { range: string | undefined; kernel: string; want: string }[] = [
    { range: undefined, kernel: '4.4.0', want: 'Skip' },
    { range: '>=5.8', kernel: '6.1.0-18-amd64', want: 'Success' },
    { range: '>=5.8', kernel: '5.4.0-1103-aws', want: OUT },
    { range: '>5.8 <6.2', kernel: '6.2.0-1-amd64', want: OUT },
    { range: '>5.8 <6.2', kernel: '5.15.0-91-generic', want: 'Success' },
    { range: '~5.15', kernel: '5.15.0-91-generic', want: 'Success' },
    { range: '^5.10', kernel: '6.1.0-18-amd64', want: OUT },
    { range: '=6.1', kernel: '6.1.0-18-amd64', want: 'Success' },
    { range: '>=5.8', kernel: '', want: 'UnschedulableAndUnresolvable: had an unrecognised kernel version' },
    { range: '>=5.8', kernel: 'custom', want: 'UnschedulableAndUnresolvable: had an unrecognised kernel version' },
    { range: 'newest', kernel: '6.1.0', want: 'UnschedulableAndUnresolvable: invalid kernel version range "newest"' },
  ];
  for (const tc of cases) {
    it(`${tc.range ?? '(none)'} on "${tc.kernel}" → ${tc.want}`, () => {
      const spec = tc.range === undefined ? makeSpec({ runtime: 'ebpf' }) : makeSpec({ kernel: tc.range });
      assert.equal(describeStatus(runFilter(kernelVersionPlugin, makeContext(spec), nodeInfo(makeNode('n', { kernelVersion: tc.kernel })))), tc.want);
    });
  }
});
