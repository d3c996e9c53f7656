/**
 * bpftrace's `-f json` output, one JSON object per line (checked against bpftrace 0.17–0.21):
 *
 * ```
 * {"type": "attached_probes", "data": {"probes": 2}}
 * {"type": "printf", "data": "hello 42\n"}
 * {"type": "map", "data": {"@opens": {"cat": 3, "node": 12}}}          keyed; multi-keys "a,b"
 * {"type": "map", "data": {"@c": 846}}                                 scalar
 * {"type": "hist", "data": {"@h": [{"min": 0, "max": 0, "count": 1}, {"min": 2, "max": 3, "count": 4}]}}
 * {"type": "hist", "data": {"@l": [{"max": -1, "count": 5}, …, {"min": 50, "count": 4}]}}   lhist under/overflow
 * {"type": "hist", "data": {"@h": {"bash": [ …buckets… ]}}}            keyed histogram
 * {"type": "stats", "data": {"@st": {"count": 2, "average": 7, "total": 14}}}   (keyed: one level deeper)
 * {"type": "stats", "data": {"@a": 22461}}                             avg()
 * {"type": "lost_events", "data": {"events": 12}}
 * {"type": "time", "data": "20:29:58\n"}
 * ```
 * Anything else on the stream (bpftrace's warnings and errors on stderr share the log) is
 * kept as text.
 */

/** One bucket as bpftrace prints it: `min`/`max` inclusive; `min` absent below the range, `max` absent above it. */
export interface HistBucket {
  min?: number;
  max?: number;
  count: number;
}

export interface StatsValue {
  count: number;
  average: number;
  total: number;
}

/** A map print: `key` is undefined for a scalar map; multi-keys are bpftrace's comma-joined text. */
export type MapEntry<V> = { key?: string; value: V };

export type BpftraceEvent =
  | { type: 'attached_probes'; probes: number }
  | { type: 'printf'; text: string }
  | { type: 'map'; map: string; entries: MapEntry<unknown>[] }
  | { type: 'hist'; map: string; entries: MapEntry<HistBucket[]>[] }
  | { type: 'stats'; map: string; entries: MapEntry<StatsValue | number>[] }
  | { type: 'lost_events'; events: number }
  | { type: 'time'; text: string }
  /** A JSON line of another type (`join`, `syscall`, `helper_error`, …). */
  | { type: 'other'; kind: string; data: unknown }
  /** Not JSON: a warning or error bpftrace wrote to stderr, or an empty line. */
  | { type: 'text'; line: string };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function isStats(v: unknown): v is StatsValue {
  return isRecord(v) && typeof v['count'] === 'number' && typeof v['total'] === 'number' && typeof v['average'] === 'number';
}

function isBuckets(v: unknown): v is HistBucket[] {
  return Array.isArray(v) && v.every((b) => isRecord(b) && typeof b['count'] === 'number');
}

/** `{"@name": value}` → the map's name (without `@`) and its value. */
function single(data: unknown): [string, unknown] | undefined {
  if (!isRecord(data)) return undefined;
  const keys = Object.keys(data);
  if (keys.length !== 1 || !keys[0]!.startsWith('@')) return undefined;
  return [keys[0]!.slice(1), data[keys[0]!]];
}

/** Parses one line of output. Never throws. */
export function parseBpftraceLine(line: string): BpftraceEvent {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return { type: 'text', line };
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return { type: 'text', line };
  }
  if (!isRecord(parsed) || typeof parsed['type'] !== 'string') return { type: 'text', line };
  const kind = parsed['type'];
  const data = parsed['data'];
  switch (kind) {
    case 'attached_probes':
      if (isRecord(data) && typeof data['probes'] === 'number') return { type: 'attached_probes', probes: data['probes'] };
      break;
    case 'printf':
      if (typeof data === 'string') return { type: 'printf', text: data };
      break;
    case 'time':
      if (typeof data === 'string') return { type: 'time', text: data };
      break;
    case 'lost_events':
      if (isRecord(data) && typeof data['events'] === 'number') return { type: 'lost_events', events: data['events'] };
      break;
    case 'map': {
      const m = single(data);
      if (!m) break;
      const [map, value] = m;
      const entries = isRecord(value) ? Object.entries(value).map(([key, v]) => ({ key, value: v })) : [{ value }];
      return { type: 'map', map, entries };
    }
    case 'hist': {
      const m = single(data);
      if (!m) break;
      const [map, value] = m;
      if (isBuckets(value)) return { type: 'hist', map, entries: [{ value }] };
      if (isRecord(value)) {
        const entries = Object.entries(value).filter((e): e is [string, HistBucket[]] => isBuckets(e[1])).map(([key, v]) => ({ key, value: v }));
        return { type: 'hist', map, entries };
      }
      break;
    }
    case 'stats': {
      const m = single(data);
      if (!m) break;
      const [map, value] = m;
      if (typeof value === 'number' || isStats(value)) return { type: 'stats', map, entries: [{ value }] };
      if (isRecord(value)) {
        const entries = Object.entries(value)
          .filter((e): e is [string, StatsValue | number] => typeof e[1] === 'number' || isStats(e[1]))
          .map(([key, v]) => ({ key, value: v }));
        return { type: 'stats', map, entries };
      }
      break;
    }
  }
  return { type: 'other', kind, data };
}

/**
 * Splits a growing stream into complete lines: feed chunks, get the lines they completed;
 * a trailing partial line waits for the next chunk.
 */
export class LineSplitter {
  private rest = '';

  push(chunk: string): string[] {
    const text = this.rest + chunk;
    const lines = text.split('\n');
    this.rest = lines.pop() ?? '';
    return lines;
  }

  /** Drops a partial line (after the file was truncated under us). */
  reset(): void {
    this.rest = '';
  }
}
