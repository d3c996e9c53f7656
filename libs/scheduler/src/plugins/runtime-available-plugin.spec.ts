import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import type { RuntimeName } from '@mosaic/api';
import { describeStatus, makeContext, makeNode, makeSpec, nodeInfo, runFilter } from '../../test/fixtures.js';
import { runtimeAvailablePlugin } from './runtime-available-plugin.js';

describe('RuntimeAvailable filter', () => {
  const cases: { runtime: RuntimeName; node: RuntimeName[]; want: string }[] = [
    { runtime: 'service', node: ['service'], want: 'Success' },
    { runtime: 'wasm', node: ['service', 'wasm'], want: 'Success' },
    { runtime: 'ebpf', node: ['service', 'function', 'wasm'], want: 'UnschedulableAndUnresolvable: did not support the runtime' },
    { runtime: 'function', node: ['function'], want: 'Success' },
    { runtime: 'service', node: [], want: 'UnschedulableAndUnresolvable: did not support the runtime' },
  ];
  for (const tc of cases) {
    it(`${tc.runtime} on a node with [${tc.node.join(', ')}] → ${tc.want}`, () => {
      const spec = makeSpec({ runtime: tc.runtime });
      assert.equal(describeStatus(runFilter(runtimeAvailablePlugin, makeContext(spec), nodeInfo(makeNode('n', { runtimes: tc.node })))), tc.want);
    });
  }
});
