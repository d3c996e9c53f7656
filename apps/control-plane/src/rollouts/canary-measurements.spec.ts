import assert from 'node:assert/strict';
import { measureCanary, type MeasureInput } from './canary-measurements.js';

const stats = (invocations: number, errorRate: number, latencyP99Ms: number) => ({ stats: () => ({ invocations, errorRate, latencyP99Ms }) });
const base: MeasureInput = { namespace: 'ns', name: 'w', runtime: 'service', canaryRevision: 2, counts: [] };

describe('measureCanary', () => {
  const cases: { name: string; input: Partial<MeasureInput>; want: object }[] = [
    { name: 'service: nothing (health comes from counts in the machine)', input: { counts: [{ revision: 2, live: 2, available: 1 }] }, want: {} },
    { name: 'ebpf: all attached', input: { runtime: 'ebpf', counts: [{ revision: 1, live: 1, available: 1 }, { revision: 2, live: 2, available: 2 }] }, want: { attachSuccess: 1 } },
    { name: 'ebpf: one of two failed to attach', input: { runtime: 'ebpf', counts: [{ revision: 2, live: 2, available: 1, crashLooping: 1 }] }, want: { attachSuccess: 0.5 } },
    { name: 'ebpf: no canary instance yet is inconclusive', input: { runtime: 'ebpf', counts: [{ revision: 1, live: 2, available: 2 }] }, want: {} },
    { name: 'function: error rate and p99 from the stats', input: { runtime: 'function', functionStats: stats(100, 0.03, 42) }, want: { errorRate: 0.03, latencyP99: 42 } },
    { name: 'function: no invocations is inconclusive', input: { runtime: 'function', functionStats: stats(0, 0, 0) }, want: {} },
    { name: 'function without a stats source', input: { runtime: 'function' }, want: {} },
  ];
  for (const tc of cases) it(tc.name, () => assert.deepEqual(measureCanary({ ...base, ...tc.input }), tc.want));
});
