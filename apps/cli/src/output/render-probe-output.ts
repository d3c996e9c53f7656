import type { ProbeOutput } from '@mosaic/sdk';
import { formatSampleValue } from './format-sample-value.js';
import { renderTable } from './table.js';

export const PROBE_OUTPUT_FORMATS = ['table', 'json'] as const;
export type ProbeOutputFormat = (typeof PROBE_OUTPUT_FORMATS)[number];

/** Labels every sample carries on an agent's /metrics: the table has columns for them instead. */
const IDENTITY_LABELS = new Set(['namespace', 'workload', 'instance', 'node']);

function labelText(labels: Record<string, string>): string {
  const own = Object.entries(labels).filter(([k]) => !IDENTITY_LABELS.has(k));
  return own.length ? `{${own.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}}` : '';
}

/**
 * `mosaic probe output`: one row per value, NODE INSTANCE METRIC VALUE, grouped by node; a
 * node that could not answer shows `<unavailable>` and why. JSON is the SDK's array as is.
 */
export function renderProbeOutput(outputs: readonly ProbeOutput[], format: ProbeOutputFormat): string {
  if (format === 'json') return `${JSON.stringify(outputs, (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2)}\n`;
  const rows: string[][] = [];
  for (const o of outputs) {
    if (o.error) rows.push([o.node, o.instance, '<unavailable>', o.error]);
    else if (!o.samples.length) rows.push([o.node, o.instance, '<no values yet>', '']);
    for (const s of o.samples) rows.push([o.node, o.instance, `${s.name}${labelText(s.labels)}`, formatSampleValue(s.value)]);
  }
  return `${renderTable(['NODE', 'INSTANCE', 'METRIC', 'VALUE'], rows).join('\n')}\n`;
}
