export type { WorkloadRuntime } from './workload-runtime.js';
export type { InstanceSpec } from './instance-spec.js';
export type { RuntimeContext, RuntimeLogFn, RuntimeLogLevel, NodeInfo } from './runtime-context.js';
export type { RuntimeAvailability } from './runtime-availability.js';
export type {
  InstanceHandle, InstanceEvents, InstanceEventName, InstanceListener, InstanceLogs, ProcessExit, ReadLogsOptions,
} from './instance-handle.js';
export { INSTANCE_RECORD_VERSION, type InstanceRecord, type ProcessIdentity } from './instance-record.js';
export { TERMINAL_STATES, isTerminalState } from './instance-state.js';
export { InstanceReason, InstanceConditionType } from './instance-reasons.js';
export { registerRuntime, unregisterRuntime, getRuntime, hasRuntime, listRuntimes, type RegisterRuntimeOptions } from './registry.js';
export * from './errors/index.js';
export * from './metrics/index.js';
