import type { NodeObject } from '@mosaic/api';
import assert from 'node:assert/strict';
import { NOW, iso, node } from '../../test/support/reconcile-fixtures.js';
import { isNodeReady, lostAt, notReadySince } from './node-health.js';

const GRACE = 30_000;

function withoutConditions(n: NodeObject, heartbeatAgoMs?: number): NodeObject {
  const status = { ...n.status!, conditions: [] };
  if (heartbeatAgoMs !== undefined) status.lastHeartbeatTime = iso(NOW - heartbeatAgoMs);
  return { ...n, status };
}

describe('node health', () => {
  const cases: { name: string; node: NodeObject | undefined; ready: boolean; lostAt: number | undefined }[] = [
    { name: 'a Ready node is never lost', node: node('n'), ready: true, lostAt: undefined },
    { name: 'NotReady: lost a grace after its Ready condition turned False', node: node('n', { notReadyForMs: 5000 }), ready: false, lostAt: NOW - 5000 + GRACE },
    { name: 'NotReady without a Ready condition: counted from the last heartbeat', node: withoutConditions(node('n', { notReadyForMs: 5000 }), 8000), ready: false, lostAt: NOW - 8000 + GRACE },
    { name: 'Unknown counts as not Ready (a True Ready condition is stale: the heartbeat counts)', node: { ...node('n'), status: { ...node('n').status!, state: 'Unknown' } }, ready: false, lostAt: NOW - 1000 + GRACE },
    { name: 'a node without status is judged from its creation', node: { ...node('n'), status: undefined }, ready: false, lostAt: NOW - 86_400_000 + GRACE },
    { name: 'a deleted node is lost at once', node: undefined, ready: false, lostAt: -Infinity },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      assert.equal(isNodeReady(tc.node), tc.ready);
      assert.equal(lostAt(tc.node, GRACE), tc.lostAt);
      if (tc.node && tc.ready) assert.equal(notReadySince(tc.node), undefined);
    });
  }
});
