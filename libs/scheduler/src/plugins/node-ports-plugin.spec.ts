import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import type { UsedPorts } from '../framework/cluster-snapshot.js';
import { describeStatus, makeContext, makeNode, makeSpec, nodeInfo, runFilter, type SpecOptions } from '../../test/fixtures.js';
import { nodePortsPlugin } from './node-ports-plugin.js';

describe('NodePorts filter', () => {
  const IN_USE = 'Unschedulable: had the requested host port in use';
  const cases: { name: string; ports?: SpecOptions['ports']; used?: UsedPorts; reserved?: number; want: string }[] = [
    { name: 'no ports: skipped', want: 'Skip' },
    { name: 'only dynamic ports: skipped', ports: [{}, { protocol: 'UDP' }], used: { TCP: [8080] }, reserved: 2, want: 'Skip' },
    { name: 'static port free on an empty node', ports: [{ port: 8080 }], want: 'Success' },
    { name: 'static port free, others in use', ports: [{ port: 8080 }], used: { TCP: [80, 8081] }, want: 'Success' },
    { name: 'static port held by a live instance', ports: [{ port: 8080 }], used: { TCP: [8080] }, want: IN_USE },
    { name: 'the second of two ports is held', ports: [{ port: 8080 }, { port: 9090 }], used: { TCP: [9090] }, want: IN_USE },
    { name: 'same number, other protocol: no conflict', ports: [{ port: 53, protocol: 'UDP' }], used: { TCP: [53] }, want: 'Success' },
    { name: 'UDP port held over UDP', ports: [{ port: 53, protocol: 'UDP' }], used: { UDP: [53] }, want: IN_USE },
    { name: 'mixed static and dynamic: only the static one counts', ports: [{}, { port: 8080 }], used: { TCP: [8081] }, want: 'Success' },
    { name: 'an instance placed on the node earlier in this call holds it', ports: [{ port: 8080 }], reserved: 1, want: IN_USE },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const node = makeNode('n', tc.used ? { usedPorts: tc.used } : {});
      const ctx = makeContext(makeSpec(tc.ports ? { ports: tc.ports } : {}));
      const info = nodeInfo(node, { reserved: tc.reserved ?? 0, instances: tc.reserved ?? 0 });
      assert.equal(describeStatus(runFilter(nodePortsPlugin, ctx, info)), tc.want);
    });
  }
});
