export type {
  MetricFamily, MetricType, MetricLabels, CounterFamily, GaugeFamily, HistogramFamily, SummaryFamily,
  ScalarSample, HistogramSample, HistogramBucket, SummarySample,
} from './metric-family.js';
export { renderPrometheus, withLabels, mergeFamilies, formatSampleValue, type RenderPrometheusOptions } from './render-prometheus.js';
