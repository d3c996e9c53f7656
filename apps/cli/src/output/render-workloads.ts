import type { Workload } from '@mosaic/api';
import { stringify } from 'yaml';
import { renderTable } from './table.js';
import { workloadHeader, workloadRow, type ColumnOptions } from './workload-columns.js';
import { workloadRef } from './workload-name.js';

export const OUTPUT_FORMATS = ['table', 'wide', 'json', 'yaml', 'name'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface RenderOptions {
  format: OutputFormat;
  allNamespaces: boolean;
  /** One object asked for by name: printed bare instead of inside a list. */
  single: boolean;
  resourceVersion?: string;
  now: Date;
}

/** A list wrapper like kubectl's `kind: List`, so `-o yaml` of many objects is one document. */
function asList(items: Workload[], resourceVersion: string | undefined) {
  return { apiVersion: 'mosaic.dev/v1', kind: 'WorkloadList', metadata: { resourceVersion: resourceVersion ?? '' }, items };
}

/** Everything `mosaic get` prints for one answer, ending in a newline (empty when no items in table form). */
export function renderWorkloads(items: Workload[], opts: RenderOptions): string {
  const data = opts.single && items.length === 1 ? items[0] : asList(items, opts.resourceVersion);
  switch (opts.format) {
    case 'json':
      return JSON.stringify(data, null, 2) + '\n';
    case 'yaml':
      return stringify(data);
    case 'name':
      return items.map((w) => workloadRef(w.metadata) + '\n').join('');
    case 'table':
    case 'wide': {
      if (!items.length) return '';
      const cols: ColumnOptions = { allNamespaces: opts.allNamespaces, wide: opts.format === 'wide' };
      return renderTable(workloadHeader(cols), items.map((w) => workloadRow(w, cols, opts.now))).join('\n') + '\n';
    }
  }
}
