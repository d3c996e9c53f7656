export { setup } from './setup.js';
export { EbpfRuntime, DEFAULT_LOADER_PATH } from './ebpf-runtime.js';
export type { EbpfRuntimeOptions } from './ebpf-runtime-options.js';
export { BpftraceInstance, type BpftraceDriverData } from './bpftrace/bpftrace-instance.js';
export { ObjectInstance, type ObjectDriverData } from './object/object-instance.js';
export { availabilityOf, detectBpfHost, dryRunArgsFromHelp, type BpfHostFacts, type BpftraceTool } from './host/bpf-host.js';
export { canLoadBpfWith, parseCapEff } from './host/capabilities.js';
export { unmetRequirement, type KernelFacts } from './host/check-requirements.js';
export { processBpfObjects, type ProcessBpfObjects } from './host/process-bpf-objects.js';
export { instrumentScript, ATTACHED_MARKER, type InstrumentedScript } from './bpftrace/instrument-script.js';
export { scanScript, type ScriptMap, type MapKind } from './bpftrace/script-scan.js';
export { parseBpftraceLine, type BpftraceEvent, type HistBucket } from './bpftrace/bpftrace-output.js';
export { BpftraceMetrics, toPrometheusBuckets } from './bpftrace/bpftrace-metrics.js';
export { mapDumpFamilies, type MapDumpEntry, type DumpedMap } from './object/map-dump-metrics.js';
export { listProgramIds, pinnedProgramRunCount } from './object/bpftool.js';
export { enableBpfStats, BPF_STATS_SYSCTL } from './limits/bpf-stats.js';
export { EventRateGuard, type EventRateVerdict } from './limits/event-rate-guard.js';
export {
  beginSwap, transition, isSwapDone, swapGapMs, swapOverlapMs,
  type SwapState, type SwapEvent, type SwapAction, type SwapPhase, type SwapFailureReason, type SwapStep,
} from './swap/hot-swap.js';
export { swapProbe, type SwapResult, type SwapProbeOptions, type SwapTimings } from './swap/swap-probe.js';
export { PROBE_METRIC_PREFIX, DRIVER_METRIC_PREFIX } from './metrics/metric-names.js';
// The metrics model and renderer live with the runtime contract; re-exported for convenience.
export { renderPrometheus, withLabels, mergeFamilies, type MetricFamily, type RenderPrometheusOptions } from '@mosaic/runtime';
