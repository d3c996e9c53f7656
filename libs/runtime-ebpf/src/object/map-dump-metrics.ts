import type { MetricFamily, MetricLabels, ScalarSample } from '@mosaic/runtime';
import { mapMetricName, sanitizeMetricName } from '../metrics/metric-names.js';

/** One element of `bpftool map dump … -j`. `formatted` is there when the map has BTF. */
export interface MapDumpEntry {
  key?: unknown;
  value?: unknown;
  values?: { cpu: number; value: unknown }[];
  formatted?: { key?: unknown; value?: unknown; values?: { cpu: number; value: unknown }[] };
}

export interface DumpedMap {
  /** The map's name in the object. */
  name: string;
  /** libbpf's map type name (`hash`, `percpu_array`, …). */
  type: string;
  maxEntries: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** bpftool's raw bytes (`["0x2a","0x00",…]`) as a little-endian unsigned number, when they are 1–8 bytes. */
export function bytesToNumber(bytes: unknown): number | undefined {
  if (!Array.isArray(bytes) || bytes.length === 0 || bytes.length > 8) return undefined;
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) {
    const b: unknown = bytes[i];
    if (typeof b !== 'string' || !/^0x[0-9a-f]{1,2}$/i.test(b)) return undefined;
    n = (n << 8n) | BigInt(Number(b));
  }
  return Number(n);
}

/** A key as labels: a scalar is `key`, a struct is one label per field. */
function keyLabels(key: unknown): MetricLabels {
  if (key === undefined) return {};
  if (isRecord(key)) {
    const labels: Record<string, string> = {};
    for (const [field, v] of Object.entries(key)) {
      let name = sanitizeMetricName(field);
      if (name === 'le' || name.startsWith('__')) name = `key_${name.replace(/^_+/, '')}`;
      labels[name] = typeof v === 'string' || typeof v === 'number' ? String(v) : JSON.stringify(v);
    }
    return labels;
  }
  if (typeof key === 'string' || typeof key === 'number') return { key: String(key) };
  if (Array.isArray(key) && key.every((b) => typeof b === 'string' && b.startsWith('0x'))) {
    const n = bytesToNumber(key);
    return { key: n !== undefined ? String(n) : (key as string[]).map((b) => b.slice(2).padStart(2, '0')).join('') };
  }
  return { key: JSON.stringify(key) };
}

/** Numeric fields of a value: a number is `''`, a struct's numeric fields are their names (nested with `_`). */
function numericFields(value: unknown, prefix = ''): [string, number][] {
  if (typeof value === 'number') return [[prefix, value]];
  if (isRecord(value)) return Object.entries(value).flatMap(([k, v]) => numericFields(v, prefix ? `${prefix}_${k}` : k));
  const n = bytesToNumber(value);
  return n !== undefined ? [[prefix, n]] : [];
}

/** Sums per-CPU values field by field. */
function sumCpus(values: { value: unknown }[]): [string, number][] {
  const sums = new Map<string, number>();
  for (const { value } of values) for (const [field, n] of numericFields(value)) sums.set(field, (sums.get(field) ?? 0) + n);
  return [...sums];
}

/**
 * Turns a dumped map into metric families:
 * - labels from the key (struct fields by name, a scalar as `key`); a one-entry array has none;
 * - per-CPU maps are summed over CPUs;
 * - a numeric value is the map's family; a struct value gives one family per numeric field
 *   (`<map>_<field>`); other values are skipped;
 * - a map whose name ends in `_total` is a counter (the convention for things that only
 *   grow, like the examples' `opens_total`), any other a gauge.
 * Uses bpftool's BTF-`formatted` view when present, else reads raw bytes as little-endian
 * integers.
 */
export function mapDumpFamilies(map: DumpedMap, entries: readonly MapDumpEntry[]): MetricFamily[] {
  const counter = map.name.endsWith('_total');
  const singleSlot = map.maxEntries === 1 && /array/.test(map.type);
  const byField = new Map<string, ScalarSample[]>();
  for (const entry of entries) {
    const view = entry.formatted ?? entry;
    const labels = singleSlot ? {} : keyLabels(view.key);
    const fields = view.values ? sumCpus(view.values) : numericFields(view.value);
    for (const [field, value] of fields) {
      const list = byField.get(field) ?? [];
      list.push({ labels, value });
      byField.set(field, list);
    }
  }
  const families: MetricFamily[] = [];
  for (const [field, samples] of byField) {
    const name = field === '' ? mapMetricName(map.name, counter) : mapMetricName(`${map.name.replace(/_total$/, '')}_${field}`, counter);
    const help = `${map.type} map ${map.name}${field ? ` field ${field}` : ''}${/percpu/.test(map.type) ? ' (summed over CPUs)' : ''}`;
    families.push(counter ? { name, help, type: 'counter', samples } : { name, help, type: 'gauge', samples });
  }
  if (families.length === 0) {
    families.push(counter
      ? { name: mapMetricName(map.name, true), help: `${map.type} map ${map.name}`, type: 'counter', samples: [] }
      : { name: mapMetricName(map.name, false), help: `${map.type} map ${map.name}`, type: 'gauge', samples: [] });
  }
  return families;
}
