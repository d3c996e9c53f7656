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
 * Adds `labels` to every sample of `families` (a sample's own label of the same name wins) —
 * e.g. the instance's namespace, workload and node before families of many instances are
 * rendered together.
 */
export function withLabels(families: readonly MetricFamily[], labels: MetricLabels): MetricFamily[] {
  const add = <S extends { labels: MetricLabels }>(s: S): S => ({ ...s, labels: { ...s.labels, ...Object.fromEntries(Object.entries(labels).filter(([k]) => !(k in s.labels))) } });
  return families.map((f) => {
    switch (f.type) {
      case 'counter':
      case 'gauge':
        return { ...f, samples: f.samples.map(add) };
      case 'histogram':
        return { ...f, samples: f.samples.map(add) };
      case 'summary':
        return { ...f, samples: f.samples.map(add) };
    }
  });
}

/**
 * Families with the same name merged into one (their samples concatenated; the first HELP
 * wins). A later family with the same name but another type is dropped: a name has one type.
 */
export function mergeFamilies(families: readonly MetricFamily[]): MetricFamily[] {
  const byName = new Map<string, MetricFamily>();
  for (const family of families) {
    const seen = byName.get(family.name);
    if (!seen) byName.set(family.name, { ...family, samples: [...family.samples] } as MetricFamily);
    else if (seen.type === family.type) (seen.samples as unknown[]).push(...family.samples);
  }
  return [...byName.values()];
}

/**
 * Renders families in the Prometheus text exposition format (version 0.0.4): a `# HELP` and
 * `# TYPE` line per family, then one line per sample — `_bucket{le=…}`, `_sum` and `_count`
 * for histograms, `_sum` and `_count` for summaries. Pure. Families with no samples are
 * still announced (HELP/TYPE), so a scraper sees the metric exists. Families sharing a name
 * are merged ({@link mergeFamilies}), so the families of many instances — each with its own
 * labels ({@link withLabels}) — render as one valid exposition.
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
  for (const family of mergeFamilies(families)) {
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
