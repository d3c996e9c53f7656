import { mergeFamilies, renderPrometheus, withLabels, type GaugeFamily, type MetricFamily } from '@mosaic/runtime';
import type { InstanceView } from '../instances/instance-report.js';

/** Every state an instance can be reported in, so the gauge has a sample (0) for each. */
const STATES = ['Pending', 'Starting', 'Running', 'Succeeded', 'Failed', 'Stopping', 'Stopped'] as const;

/** The labels every sample of one instance carries on the agent's `/metrics`. */
export function instanceLabels(view: InstanceView, node: string): Record<string, string> {
  return { namespace: view.assignment.namespace, workload: view.assignment.workload, instance: view.assignment.name, node };
}

/** One instance's own metrics (a probe's maps, say), labelled; none for runtimes that export nothing. */
export function instanceFamilies(view: InstanceView, node: string): MetricFamily[] {
  const own = view.handle?.metrics?.() ?? [];
  return own.length ? withLabels(own, instanceLabels(view, node)) : [];
}

/** The agent's own gauges: instances held by state and runtime. */
export function agentFamilies(views: readonly InstanceView[], node: string): MetricFamily[] {
  const counts = new Map<string, number>();
  const key = (runtime: string, state: string) => `${runtime}\u0000${state}`;
  const runtimes = new Set(views.map((v) => v.assignment.runtime));
  for (const runtime of runtimes) for (const state of STATES) counts.set(key(runtime, state), 0);
  for (const v of views) {
    const state = v.handle?.state ?? (v.failure ? 'Failed' : 'Pending');
    counts.set(key(v.assignment.runtime, state), (counts.get(key(v.assignment.runtime, state)) ?? 0) + 1);
  }
  const instances: GaugeFamily = {
    name: 'mosaic_agent_instances',
    help: 'Instances this agent holds, by runtime and state.',
    type: 'gauge',
    samples: [...counts].map(([k, value]) => {
      const [runtime = '', state = ''] = k.split('\u0000');
      return { labels: { node, runtime, state }, value };
    }),
  };
  return [instances];
}

/** The text of the agent's `/metrics`: its gauges, then every instance's metrics. */
export function renderAgentMetrics(views: readonly InstanceView[], node: string): string {
  return renderPrometheus(mergeFamilies([...agentFamilies(views, node), ...views.flatMap((v) => instanceFamilies(v, node))]));
}
