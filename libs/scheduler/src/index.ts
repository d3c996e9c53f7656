// @mosaic/scheduler — pure placement: filter → score → select/reserve, no I/O.
export type { ClusterSnapshot, NodeSnapshot, ResourceAmounts, Taint, TaintEffect } from './framework/cluster-snapshot.js';
export type { Placement, SchedulingRequest, SchedulingSpec } from './framework/scheduling-request.js';
export type { Diagnosis, ReasonCount, SchedulingResult } from './framework/scheduling-result.js';
export type { NodeInfo, SchedulingContext, SpreadTopology } from './framework/scheduling-context.js';
export { SKIP, proceed, type AnyFilterPlugin, type AnyScorePlugin, type FilterPlugin, type PluginScope, type PrepareResult, type ScorePlugin } from './framework/plugin.js';
export { SUCCESS, unresolvable, unschedulable, type Rejection, type Status, type StatusCode } from './framework/status.js';
export * from './framework/reasons.js';

export { formatVersionKey, parseKernelVersion, versionKey, type VersionKey } from './kernel/kernel-version.js';
export { parseVersionRange, versionInRange, type VersionRange } from './kernel/version-range.js';
