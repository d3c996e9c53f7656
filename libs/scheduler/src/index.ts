// @mosaic/scheduler — pure placement: filter → score → select/reserve, no I/O.
export type { ClusterSnapshot, NodeSnapshot, ResourceAmounts, Taint, TaintEffect, UsedPorts } from './framework/cluster-snapshot.js';
export type { Placement, SchedulingRequest, SchedulingSpec } from './framework/scheduling-request.js';
export type { Diagnosis, ReasonCount, SchedulingResult } from './framework/scheduling-result.js';
export type { NodeInfo, SchedulingContext, SpreadTopology } from './framework/scheduling-context.js';
export { SKIP, proceed, type AnyFilterPlugin, type AnyScorePlugin, type FilterPlugin, type PluginScope, type PrepareResult, type ScorePlugin } from './framework/plugin.js';
export { SUCCESS, unresolvable, unschedulable, type Rejection, type Status, type StatusCode } from './framework/status.js';
export * from './framework/reasons.js';

export { createScheduler, type Scheduler } from './scheduler/create-scheduler.js';
export type { SchedulerOptions, ScoreWeights } from './scheduler/scheduler-options.js';
export { defaultFilterPlugins, defaultScorePlugins } from './scheduler/default-plugins.js';

export { btfPlugin } from './plugins/btf-plugin.js';
export { kernelVersionPlugin } from './plugins/kernel-version-plugin.js';
export { nodeAffinityPlugin } from './plugins/node-affinity-plugin.js';
export { nodeArchPlugin } from './plugins/node-arch-plugin.js';
export { nodePortsPlugin } from './plugins/node-ports-plugin.js';
export { nodeReadyPlugin } from './plugins/node-ready-plugin.js';
export { nodeResourcesFitPlugin } from './plugins/node-resources-fit-plugin.js';
export { nodeSelectorPlugin } from './plugins/node-selector-plugin.js';
export { runtimeAvailablePlugin } from './plugins/runtime-available-plugin.js';
export { taintTolerationPlugin } from './plugins/taint-toleration-plugin.js';
export { topologySpreadPlugin } from './plugins/topology-spread-plugin.js';
export { createLeastAllocatedPlugin } from './plugins/least-allocated-plugin.js';
export { createMostAllocatedPlugin } from './plugins/most-allocated-plugin.js';
export { createPreferredAffinityPlugin } from './plugins/preferred-affinity-plugin.js';
export { createTaintPreferNoSchedulePlugin } from './plugins/taint-prefer-no-schedule-plugin.js';
export { createTopologySpreadScorePlugin } from './plugins/topology-spread-score-plugin.js';

export { formatVersionKey, parseKernelVersion, versionKey, type VersionKey } from './kernel/kernel-version.js';
export { parseVersionRange, versionInRange, type VersionRange } from './kernel/version-range.js';
