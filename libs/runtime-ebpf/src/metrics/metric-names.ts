/** Prefix of the metrics a probe's own maps become. */
export const PROBE_METRIC_PREFIX = 'mosaic_probe_';
/** Prefix of the driver's metrics about a probe (events, programs). */
export const DRIVER_METRIC_PREFIX = 'mosaic_ebpf_';

/** A Prometheus metric-name fragment: anything outside `[a-zA-Z0-9_]` becomes `_`. */
export function sanitizeMetricName(text: string): string {
  const clean = text.replace(/[^a-zA-Z0-9_]/g, '_');
  return /^[0-9]/.test(clean) ? `_${clean}` : clean;
}

/**
 * The metric name of a map: `opens` → `mosaic_probe_opens`, a counter gets `_total` (once),
 * the unnamed bpftrace map `@` → `mosaic_probe_value`.
 */
export function mapMetricName(map: string, counter: boolean): string {
  const base = PROBE_METRIC_PREFIX + (map === '' ? 'value' : sanitizeMetricName(map));
  return counter && !base.endsWith('_total') ? `${base}_total` : base;
}
