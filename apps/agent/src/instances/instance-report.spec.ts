import type { Condition } from '@mosaic/api';
import type { InstanceHandle, InstanceRecord } from '@mosaic/runtime';
import assert from 'node:assert/strict';
import type { Assignment } from './assignment.js';
import { reportOf, unknownInstanceReport } from './instance-report.js';

const assignment: Assignment = { namespace: 'ns', name: 'i-1', uid: 'u1', workload: 'w', revision: 1, runtime: 'service', labels: {} };

/** Only what reportOf reads of a handle. */
function handle(over: Partial<InstanceHandle> & { startedAt?: string }): InstanceHandle {
  const conditions: Condition[] = [];
  return { state: 'Running', restarts: 0, conditions, record: () => ({ startedAt: over.startedAt }) as InstanceRecord, ...over } as unknown as InstanceHandle;
}

describe('reportOf', () => {
  const cases: { name: string; view: Parameters<typeof reportOf>[0]; released?: boolean; want: Record<string, unknown> }[] = [
    { name: 'starting: no handle yet', view: { assignment }, want: { state: 'Pending', restarts: 0 } },
    {
      name: 'could not start',
      view: { assignment, failure: { reason: 'RuntimeNotRegistered', message: 'no driver', at: 'T0' } },
      want: { state: 'Failed', restarts: 0, reason: 'RuntimeNotRegistered', message: 'no driver', updatedAt: 'T0' },
    },
    {
      name: 'a running handle',
      view: { assignment, handle: handle({ state: 'Running', restarts: 2, reason: 'Healthy', message: 'ok', startedAt: 'S' }) },
      want: { state: 'Running', restarts: 2, reason: 'Healthy', message: 'ok', startedAt: 'S', conditions: [] },
    },
    {
      name: 'a handle with ports reports them',
      view: { assignment, handle: handle({ state: 'Running', ports: [{ name: 'http', port: 41000, protocol: 'TCP' }] }) },
      want: { state: 'Running', restarts: 0, conditions: [], ports: [{ name: 'http', port: 41000, protocol: 'TCP' }] },
    },
    {
      name: 'a finished handle keeps its exit code; released marks the last report',
      view: { assignment, handle: handle({ state: 'Succeeded', exitCode: 0 }) },
      released: true,
      want: { state: 'Succeeded', restarts: 0, exitCode: 0, conditions: [], released: true },
    },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      assert.deepEqual(reportOf(tc.view, 'NOW', tc.released), { instanceId: 'i-1', namespace: 'ns', uid: 'u1', updatedAt: 'NOW', released: false, ...tc.want });
    });
  }

  it('answers a stop for an unknown instance as released without state', () => {
    assert.deepEqual(unknownInstanceReport('ns', 'x', 'NOW'), { instanceId: 'x', namespace: 'ns', uid: '', released: true, updatedAt: 'NOW' });
  });
});
