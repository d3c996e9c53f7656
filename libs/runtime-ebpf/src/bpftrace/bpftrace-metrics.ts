import type { HistogramBucket, MetricFamily, MetricLabels } from '@mosaic/runtime';
import { DRIVER_METRIC_PREFIX, mapMetricName } from '../metrics/metric-names.js';
import type { BpftraceEvent, HistBucket, MapEntry, StatsValue } from './bpftrace-output.js';
import { ATTACHED_MARKER } from './instrument-script.js';
import type { ScriptMap } from './script-scan.js';

/** The latest print of one map. */
type Snapshot =
  | { type: 'map'; entries: MapEntry<unknown>[] }
  | { type: 'hist'; entries: MapEntry<HistBucket[]>[] }
  | { type: 'stats'; entries: MapEntry<StatsValue | number>[] };

/**
 * bpftrace bucket list → cumulative Prometheus buckets. bpftrace's bounds are inclusive
 * integers, so a bucket `[min, max]` is `le = max`; the overflow bucket of lhist (no `max`)
 * is `+Inf`. bpftrace leaves out empty buckets at both ends, which cumulative counts absorb.
 */
export function toPrometheusBuckets(buckets: readonly HistBucket[]): { buckets: HistogramBucket[]; count: number } {
  const sorted = [...buckets].sort((a, b) => (a.max ?? Infinity) - (b.max ?? Infinity));
  let total = 0;
  const out: HistogramBucket[] = [];
  for (const b of sorted) {
    total += b.count;
    out.push({ le: b.max ?? Infinity, count: total });
  }
  if (out.length === 0 || out[out.length - 1]!.le !== Infinity) out.push({ le: Infinity, count: total });
  return { buckets: out, count: total };
}

/**
 * Labels of a map entry: bpftrace joins multiple keys with `,`; they are split back and named
 * after the script's key expressions when the counts agree, else the whole text is `key`.
 */
export function entryLabels(key: string | undefined, names: readonly string[] | undefined): MetricLabels {
  if (key === undefined) return {};
  if (!names || names.length === 0) return { key };
  if (names.length === 1) return { [names[0]!]: key };
  const parts = key.split(',');
  if (parts.length !== names.length) return { key };
  return Object.fromEntries(names.map((n, i) => [n, parts[i]!]));
}

/**
 * The exported state of one bpftrace probe, fed with its output events: the latest print of
 * every map (a print is a complete snapshot, so it replaces the previous one — including a
 * `print(@m, 10)` top-N, which then exports those 10), plus counts of printf output and
 * lost events. Pure: no clock, no I/O.
 */
export class BpftraceMetrics {
  private readonly maps = new Map<string, ScriptMap>();
  private readonly snapshots = new Map<string, Snapshot>();
  private printfEvents = 0;
  private lostEvents = 0;
  private attachedSeen = false;

  constructor(maps: readonly ScriptMap[]) {
    for (const m of maps) this.maps.set(m.name, m);
  }

  /** Whether the attach marker went by. */
  get attached(): boolean {
    return this.attachedSeen;
  }

  /** Output events so far (printf lines other than the marker). */
  get outputEvents(): number {
    return this.printfEvents;
  }

  /**
   * Takes one event; returns how many output events it represents (printf lines and lost
   * events), which the event-rate guard counts.
   */
  apply(event: BpftraceEvent): number {
    switch (event.type) {
      case 'printf':
        if (event.text === `${ATTACHED_MARKER}\n`) {
          this.attachedSeen = true;
          return 0;
        }
        this.printfEvents++;
        return 1;
      case 'lost_events':
        this.lostEvents += event.events;
        return event.events;
      case 'map':
        this.snapshots.set(event.map, { type: 'map', entries: event.entries });
        return 0;
      case 'hist':
        this.snapshots.set(event.map, { type: 'hist', entries: event.entries });
        return 0;
      case 'stats':
        this.snapshots.set(event.map, { type: 'stats', entries: event.entries });
        return 0;
      default:
        return 0;
    }
  }

  /** Map families in script order (maps never printed yet are left out), then the driver's own. */
  families(): MetricFamily[] {
    const out: MetricFamily[] = [];
    const names = [...this.maps.keys(), ...[...this.snapshots.keys()].filter((n) => !this.maps.has(n))];
    for (const name of names) {
      const snapshot = this.snapshots.get(name);
      if (snapshot) out.push(...this.mapFamilies(name, snapshot));
    }
    out.push(
      { name: `${DRIVER_METRIC_PREFIX}output_events_total`, help: 'printf events the probe emitted', type: 'counter', samples: [{ labels: {}, value: this.printfEvents }] },
      { name: `${DRIVER_METRIC_PREFIX}lost_events_total`, help: 'events the kernel dropped before bpftrace read them', type: 'counter', samples: [{ labels: {}, value: this.lostEvents }] },
    );
    return out;
  }

  private mapFamilies(name: string, snapshot: Snapshot): MetricFamily[] {
    const info = this.maps.get(name);
    const keys = info?.keys;
    const what = `bpftrace map @${name}${info?.aggregation && info.aggregation !== 'assignment' ? ` (${info.aggregation})` : ''}`;
    switch (snapshot.type) {
      case 'hist':
        return [{
          name: mapMetricName(name, false), help: what, type: 'histogram',
          samples: snapshot.entries.map((e) => ({ labels: entryLabels(e.key, keys), ...toPrometheusBuckets(e.value) })),
        }];
      case 'stats': {
        const summaries = snapshot.entries.filter((e): e is MapEntry<StatsValue> => typeof e.value !== 'number');
        const averages = snapshot.entries.filter((e): e is MapEntry<number> => typeof e.value === 'number');
        const families: MetricFamily[] = [];
        if (summaries.length) {
          families.push({
            name: mapMetricName(name, false), help: what, type: 'summary',
            samples: summaries.map((e) => ({ labels: entryLabels(e.key, keys), count: e.value.count, sum: e.value.total })),
          });
        }
        if (averages.length) {
          families.push({ name: mapMetricName(name, false), help: what, type: 'gauge', samples: averages.map((e) => ({ labels: entryLabels(e.key, keys), value: e.value })) });
        }
        return families;
      }
      case 'map': {
        const counter = info?.kind === 'counter';
        const samples = snapshot.entries
          .filter((e): e is MapEntry<number> => typeof e.value === 'number')
          .map((e) => ({ labels: entryLabels(e.key, keys), value: e.value }));
        return [{ name: mapMetricName(name, counter), help: what, type: counter ? 'counter' : 'gauge', samples }];
      }
    }
  }
}
