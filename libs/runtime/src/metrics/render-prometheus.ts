import type { HistogramBucket, MetricFamily, MetricLabels } from './metric-family.js';

/** Options of {@link renderPrometheus}. */
export interface RenderPrometheusOptions {
  /**
   * Labels added to every sample (e.g. `namespace`, `workload`, `instance`, `node`); a
   * sample's own label of the same name wins. @defaultValue none
   */
  labels?: MetricLabels;
}

const escapeHelp = (text: string) => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
const escapeValue = (text: string) => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

/** Prometheus' float text: `+Inf`, `-Inf`, `NaN`, else the shortest round-trip decimal. */
export function formatSampleValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function labelText(labels: MetricLabels, extra?: Record<string, string>): string {
  const all = { ...labels, ...extra };
  const keys = Object.keys(all);
  if (keys.length === 0) return '';
  return `{${keys.map((k) => `${k}="${escapeValue(all[k]!)}"`).join(',')}}`;
}

/** A histogram's buckets with the mandatory `+Inf` bucket appended when missing. */
function withInf(buckets: readonly HistogramBucket[], count: number): HistogramBucket[] {
  const last = buckets[buckets.length - 1];
  return last && last.le === Infinity ? [...buckets] : [...buckets, { le: Infinity, count }];
}

/**
 * Renders families in the Prometheus text exposition format (version 0.0.4): a `# HELP` and
 * `# TYPE` line per family, then one line per sample — `_bucket{le=…}`, `_sum` and `_count`
 * for histograms, `_sum` and `_count` for summaries. Pure; families with no samples are
 * still announced (HELP/TYPE), so a scraper sees the metric exists. Families whose name
 * appeared before are skipped (a name may only be exposed once).
 *
 * ```
 * # HELP mosaic_probe_opens_total bpftrace map @opens (count())
 * # TYPE mosaic_probe_opens_total counter
 * mosaic_probe_opens_total{comm="cat",instance="opens-1-x"} 12
 * ```
 */
export function renderPrometheus(families: readonly MetricFamily[], options: RenderPrometheusOptions = {}): string {
  const base = options.labels ?? {};
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const family of families) {
    if (seen.has(family.name)) continue;
    seen.add(family.name);
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`);
    // The sample's own labels first, then the base labels it does not override.
    const own = (labels: MetricLabels) => ({ ...labels, ...Object.fromEntries(Object.entries(base).filter(([k]) => !(k in labels))) });
    switch (family.type) {
      case 'counter':
      case 'gauge':
        for (const s of family.samples) lines.push(`${family.name}${labelText(own(s.labels))} ${formatSampleValue(s.value)}`);
        break;
      case 'histogram':
        for (const s of family.samples) {
          for (const b of withInf(s.buckets, s.count)) {
            lines.push(`${family.name}_bucket${labelText(own(s.labels), { le: formatSampleValue(b.le) })} ${formatSampleValue(b.count)}`);
          }
          if (s.sum !== undefined) lines.push(`${family.name}_sum${labelText(own(s.labels))} ${formatSampleValue(s.sum)}`);
          lines.push(`${family.name}_count${labelText(own(s.labels))} ${formatSampleValue(s.count)}`);
        }
        break;
      case 'summary':
        for (const s of family.samples) {
          lines.push(`${family.name}_sum${labelText(own(s.labels))} ${formatSampleValue(s.sum)}`);
          lines.push(`${family.name}_count${labelText(own(s.labels))} ${formatSampleValue(s.count)}`);
        }
        break;
    }
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}
