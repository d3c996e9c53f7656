import type { Invocation } from '@mosaic/sdk';
import { stringify } from 'yaml';
import { formatAge } from './age.js';
import { renderTable } from './table.js';

export const INVOCATION_LIST_FORMATS = ['table', 'wide', 'json', 'yaml'] as const;
export type InvocationListFormat = (typeof INVOCATION_LIST_FORMATS)[number];

interface Column {
  header: string;
  cell(inv: Invocation, now: Date): string;
}

/** `1.2s`, `340ms`; `<none>` before it ran to success. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '<none>';
  return ms < 1000 ? `${ms}ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)}s`;
}

/** One line of an error message, cut to `max` characters. */
export function shortError(error: string | undefined, max = 60): string {
  if (!error) return '<none>';
  const line = error.split('\n')[0]!;
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

const BASIC: Column[] = [
  { header: 'ID', cell: (i) => i.id },
  { header: 'STATE', cell: (i) => i.state },
  { header: 'ATTEMPTS', cell: (i) => `${i.attempts}/${i.maxAttempts}` },
  { header: 'REVISION', cell: (i) => String(i.revision) },
  { header: 'TRIGGER', cell: (i) => i.trigger },
  { header: 'DURATION', cell: (i) => formatDuration(i.durationMs) },
  { header: 'AGE', cell: (i, now) => formatAge(i.acceptedAt, now) },
];
const WIDE: Column[] = [
  { header: 'INSTANCE', cell: (i) => i.instance ?? '<none>' },
  { header: 'IDEMPOTENCY-KEY', cell: (i) => i.idempotencyKey ?? '<none>' },
  { header: 'ERROR', cell: (i) => shortError(i.error) },
];

/**
 * What `mosaic invocations list` prints: a kubectl-style table (newest first, as the server
 * returns them), more columns with `wide`, or an `InvocationList` as JSON/YAML.
 */
export function renderInvocations(items: Invocation[], format: InvocationListFormat, now: Date): string {
  switch (format) {
    case 'json':
      return JSON.stringify({ kind: 'InvocationList', items }, null, 2) + '\n';
    case 'yaml':
      return stringify({ kind: 'InvocationList', items });
    case 'table':
    case 'wide': {
      if (!items.length) return '';
      const columns = format === 'wide' ? [...BASIC, ...WIDE] : BASIC;
      return renderTable(columns.map((c) => c.header), items.map((i) => columns.map((c) => c.cell(i, now)))).join('\n') + '\n';
    }
  }
}

/** One invocation as YAML (default of `get`) or JSON. */
export function renderInvocation(inv: Invocation, format: 'json' | 'yaml'): string {
  return format === 'json' ? JSON.stringify(inv, null, 2) + '\n' : stringify(inv);
}
