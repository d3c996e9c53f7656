// Public API of the control plane for embedding (the CLI's `mosaic server`, tests).
export { startControlPlane, DATABASE_FILE, type ControlPlane } from './control-plane.js';
export { LOG_LEVELS, type ControlPlaneOptions, type LogLevel, type ResolvedControlPlaneOptions } from './config/control-plane-options.js';
export { defaultOptions, resolveOptions, withDefaults } from './config/resolve-options.js';
export { readFlags, type CommandLine } from './config/read-flags.js';
export { WorkloadService, type WorkloadServiceOptions } from './workloads/workload-service.js';
export type * from './workloads/workload-types.js';
export { INITIAL_EVENTS_END_ANNOTATION } from './grpc/workload-handlers.js';
export { WORKLOAD_SERVICE_NAME } from './grpc/grpc-server.js';
export { AGENT_SERVICE_NAME, NODE_SERVICE_NAME, LOG_SERVICE_NAME, heartbeatIntervalFor, type AgentServices } from './agents/agent-services.js';
