import type { Workload } from '@mosaic/api';
import { formatAge } from './age.js';
import { instanceEndpoints } from './describe-workload.js';

export interface ColumnOptions {
  /** `-A`: rows come from several namespaces, so show which. */
  allNamespaces: boolean;
  /** `-o wide`. */
  wide: boolean;
}

interface Column {
  header: string;
  cell(w: Workload, now: Date): string;
}

const running = (w: Workload) => (w.status?.instances ?? []).filter((i) => i.state === 'Running').length;

/**
 * `ready/desired`; an everyNode workload wants one instance per matching node, and a function
 * as many as its autoscaler keeps (`0/0` scaled to zero), so their desired count is what exists
 * and is not being stopped.
 */
function replicas(w: Workload): string {
  const instances = w.status?.instances ?? [];
  const desired = w.spec.placement.mode === 'everyNode' ? instances.length
    : w.spec.runtime === 'function' ? instances.filter((i) => i.state !== 'Stopping' && i.state !== 'Stopped').length
    : w.spec.replicas;
  return `${running(w)}/${desired}`;
}

const joinOrNone = (items: string[]) => (items.length ? items.join(',') : '<none>');

const NAMESPACE: Column = { header: 'NAMESPACE', cell: (w) => w.metadata.namespace };
const BASIC: Column[] = [
  { header: 'NAME', cell: (w) => w.metadata.name },
  { header: 'RUNTIME', cell: (w) => w.spec.runtime },
  { header: 'REPLICAS', cell: replicas },
  { header: 'PHASE', cell: (w) => w.status?.phase ?? 'Pending' },
  { header: 'AGE', cell: (w, now) => formatAge(w.metadata.creationTimestamp, now) },
];
const WIDE: Column[] = [
  { header: 'GENERATION', cell: (w) => String(w.metadata.generation ?? '') },
  { header: 'NODES', cell: (w) => joinOrNone([...new Set((w.status?.instances ?? []).map((i) => i.node).filter(Boolean))].sort()) },
  { header: 'ENDPOINTS', cell: (w) => joinOrNone((w.status?.instances ?? []).map(instanceEndpoints).filter(Boolean)) },
  { header: 'LABELS', cell: (w) => joinOrNone(Object.entries(w.metadata.labels ?? {}).map(([k, v]) => `${k}=${v}`)) },
];

/** The columns of `mosaic get`, kubectl-style: NAMESPACE only with -A, more with -o wide. */
export function workloadColumns(opts: ColumnOptions): Column[] {
  return [...(opts.allNamespaces ? [NAMESPACE] : []), ...BASIC, ...(opts.wide ? WIDE : [])];
}

export function workloadHeader(opts: ColumnOptions): string[] {
  return workloadColumns(opts).map((c) => c.header);
}

export function workloadRow(w: Workload, opts: ColumnOptions, now: Date): string[] {
  return workloadColumns(opts).map((c) => c.cell(w, now));
}
