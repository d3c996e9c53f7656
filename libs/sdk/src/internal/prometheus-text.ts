import type { ProbeSample } from '../node-types.js';

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?\s*/gy;

function unescape(value: string): string {
  return value.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

function parseValue(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

/**
 * The samples of a Prometheus text exposition (what an agent's `/metrics` serves), in order,
 * with each family's TYPE. Comments other than TYPE are skipped; malformed lines too.
 */
export function parsePrometheusText(text: string): ProbeSample[] {
  const types = new Map<string, string>();
  const out: ProbeSample[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    if (line.startsWith('#')) {
      const type = /^# TYPE (\S+) (\S+)$/.exec(line);
      if (type) types.set(type[1]!, type[2]!);
      continue;
    }
    const m = SAMPLE.exec(line);
    if (!m) continue;
    const [, name = '', body = '', value = ''] = m;
    const labels: Record<string, string> = {};
    LABEL.lastIndex = 0;
    for (let l = LABEL.exec(body); l; l = LABEL.exec(body)) labels[l[1]!] = unescape(l[2]!);
    const family = types.has(name) ? name : name.replace(/_(bucket|sum|count)$/, '');
    out.push({ name, labels, value: parseValue(value), type: types.get(family) ?? 'untyped' });
  }
  return out;
}
