/**
 * A small metrics model for what instances export — the values a probe's maps hold, say —
 * shaped like Prometheus' data model so the agent can serve it on `/metrics` as text with
 * {@link renderPrometheus}. Snapshots, not instruments: a driver returns the latest values it
 * read, and the renderer never keeps state.
 */

/** Label name → value. Names follow Prometheus' rules (`[a-zA-Z_][a-zA-Z0-9_]*`). */
export type MetricLabels = Readonly<Record<string, string>>;

/** A counter or gauge value for one label set. */
export interface ScalarSample {
  labels: MetricLabels;
  value: number;
}

/** One bucket of a histogram: how many observations were `<= le`, cumulatively. */
export interface HistogramBucket {
  /** Inclusive upper bound; `Infinity` for the `+Inf` bucket. */
  le: number;
  /** Cumulative count (non-decreasing with `le`). */
  count: number;
}

/** A histogram for one label set. */
export interface HistogramSample {
  labels: MetricLabels;
  /** Sorted by `le`; the last is `le: Infinity` with `count` equal to the sample's `count`. */
  buckets: HistogramBucket[];
  count: number;
  /** Sum of the observations, when the source knows it (bpftrace histograms do not). */
  sum?: number;
}

/** A summary without quantiles: how many observations and their sum (bpftrace `stats()`). */
export interface SummarySample {
  labels: MetricLabels;
  count: number;
  sum: number;
}

interface FamilyBase {
  /** Prometheus metric name, e.g. `mosaic_probe_opens_total`. */
  name: string;
  /** One line for people: where the values come from. */
  help: string;
}

/** Monotonic values; by convention the name ends in `_total`. */
export interface CounterFamily extends FamilyBase {
  type: 'counter';
  samples: ScalarSample[];
}

/** Values that go up and down. */
export interface GaugeFamily extends FamilyBase {
  type: 'gauge';
  samples: ScalarSample[];
}

export interface HistogramFamily extends FamilyBase {
  type: 'histogram';
  samples: HistogramSample[];
}

export interface SummaryFamily extends FamilyBase {
  type: 'summary';
  samples: SummarySample[];
}

/** All values of one metric name, with one sample per label set. */
export type MetricFamily = CounterFamily | GaugeFamily | HistogramFamily | SummaryFamily;

export type MetricType = MetricFamily['type'];
