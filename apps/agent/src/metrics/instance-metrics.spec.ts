import type { InstanceHandle, MetricFamily } from '@mosaic/runtime';
import assert from 'node:assert/strict';
import type { InstanceView } from '../instances/instance-report.js';
import { agentFamilies, instanceFamilies, renderAgentMetrics } from './instance-metrics.js';

const opens: MetricFamily = { name: 'mosaic_probe_opens_total', help: 'bpftrace map @opens', type: 'counter', samples: [{ labels: { comm: 'cat' }, value: 7 }] };

function view(name: string, runtime: string, state?: string, metrics?: MetricFamily[]): InstanceView {
  const handle = state ? ({ state, ...(metrics ? { metrics: () => metrics } : {}) } as unknown as InstanceHandle) : undefined;
  return {
    assignment: { namespace: 'obs', name, uid: 'u', workload: name.split('-')[0]!, revision: 1, runtime, labels: {} },
    ...(handle ? { handle } : {}),
  };
}

describe('agent /metrics', () => {
  it("labels an instance's own families with namespace, workload, instance and node", () => {
    assert.deepEqual(instanceFamilies(view('opens-1-a', 'ebpf', 'Running', [opens]), 'n1'), [
      { ...opens, samples: [{ labels: { comm: 'cat', namespace: 'obs', workload: 'opens', instance: 'opens-1-a', node: 'n1' }, value: 7 }] },
    ]);
  });

  const none = [
    { name: 'a runtime that exports nothing', v: view('web-1-a', 'service', 'Running') },
    { name: 'an instance not started yet', v: view('web-1-b', 'service') },
  ];
  for (const tc of none) it(`has no families for ${tc.name}`, () => assert.deepEqual(instanceFamilies(tc.v, 'n1'), []));

  it('counts instances by runtime and state, with a zero for every other state', () => {
    const views = [view('a-1-a', 'ebpf', 'Running'), view('a-2-b', 'ebpf', 'Failed'), view('w-1-a', 'service', 'Running'), view('w-1-b', 'service')];
    const [family] = agentFamilies(views, 'n1');
    const value = (runtime: string, state: string) => family!.type === 'gauge' ? family!.samples.find((s) => s.labels['runtime'] === runtime && s.labels['state'] === state)?.value : undefined;
    assert.equal(value('ebpf', 'Running'), 1);
    assert.equal(value('ebpf', 'Failed'), 1);
    assert.equal(value('ebpf', 'Stopping'), 0);
    assert.equal(value('service', 'Running'), 1);
    assert.equal(value('service', 'Pending'), 1);
  });

  it('renders one exposition: agent gauges, then every instance, families of one name merged', () => {
    const text = renderAgentMetrics([view('opens-1-a', 'ebpf', 'Running', [opens]), view('opens-1-b', 'ebpf', 'Running', [opens])], 'n1');
    assert.equal(text.match(/^# TYPE mosaic_probe_opens_total counter$/gm)?.length, 1);
    assert.match(text, /^mosaic_probe_opens_total\{comm="cat",namespace="obs",workload="opens",instance="opens-1-b",node="n1"\} 7$/m);
    assert.match(text, /^mosaic_agent_instances\{node="n1",runtime="ebpf",state="Running"\} 2$/m);
  });
});
