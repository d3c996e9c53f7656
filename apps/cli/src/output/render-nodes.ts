import type { NodeView } from '@mosaic/sdk';
import { stringify } from 'yaml';
import { formatAge } from './age.js';
import { formatCpu, formatMemory } from './format-quantity.js';
import { renderTable } from './table.js';

export const NODE_OUTPUT_FORMATS = ['table', 'wide', 'json', 'yaml'] as const;
export type NodeOutputFormat = (typeof NODE_OUTPUT_FORMATS)[number];

interface Column {
  header: string;
  cell(n: NodeView, now: Date): string;
}

const orNone = (items: string[]) => (items.length ? items.join(',') : '<none>');

/** `Ready`, `NotReady`, plus `,SchedulingDisabled` for a cordoned node (kubectl's wording). */
function status(n: NodeView): string {
  const state = n.status?.state ?? 'Unknown';
  return n.spec.unschedulable ? `${state},SchedulingDisabled` : state;
}

const BASIC: Column[] = [
  { header: 'NAME', cell: (n) => n.metadata.name },
  { header: 'STATUS', cell: status },
  { header: 'RUNTIMES', cell: (n) => orNone(n.status?.runtimes ?? []) },
  { header: 'CPU', cell: (n) => `${formatCpu(n.allocated.cpuMillis)}/${formatCpu(n.status?.capacity.cpuMillis ?? 0)}` },
  { header: 'MEMORY', cell: (n) => `${formatMemory(n.allocated.memoryBytes)}/${formatMemory(n.status?.capacity.memoryBytes ?? 0)}` },
  { header: 'ARCH', cell: (n) => n.status?.arch || '<unknown>' },
  { header: 'KERNEL', cell: (n) => n.status?.kernelVersion || '<unknown>' },
  { header: 'LABELS', cell: (n) => orNone(Object.entries(n.metadata.labels ?? {}).map(([k, v]) => `${k}=${v}`)) },
  { header: 'AGE', cell: (n, now) => formatAge(n.metadata.creationTimestamp, now) },
];
const WIDE: Column[] = [
  { header: 'INSTANCES', cell: (n) => String(n.allocated.instances) },
  { header: 'BTF', cell: (n) => String(n.status?.btf ?? false) },
  { header: 'BPF', cell: (n) => String(n.status?.canLoadBpf ?? false) },
  { header: 'AGENT', cell: (n) => n.status?.agentVersion || '<unknown>' },
  { header: 'HEARTBEAT', cell: (n, now) => (n.status?.lastHeartbeatTime ? `${formatAge(n.status.lastHeartbeatTime, now)} ago` : '<never>') },
];

/**
 * What `mosaic nodes` prints: a kubectl-style table (CPU and MEMORY as allocated/capacity,
 * allocated = the requests of the node's instances that have not ended), more columns with
 * `wide`, or the objects as JSON/YAML (a `NodeList` unless one node was asked for).
 */
export function renderNodes(nodes: NodeView[], format: NodeOutputFormat, now: Date, single = false): string {
  const data = single && nodes.length === 1 ? nodes[0] : { apiVersion: 'mosaic.dev/v1', kind: 'NodeList', items: nodes };
  switch (format) {
    case 'json':
      return JSON.stringify(data, null, 2) + '\n';
    case 'yaml':
      return stringify(data);
    case 'table':
    case 'wide': {
      if (!nodes.length) return '';
      const columns = format === 'wide' ? [...BASIC, ...WIDE] : BASIC;
      return renderTable(columns.map((c) => c.header), nodes.map((n) => columns.map((c) => c.cell(n, now)))).join('\n') + '\n';
    }
  }
}
