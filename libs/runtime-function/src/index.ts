export { setup } from './setup.js';
export { FunctionRuntime } from './function-runtime.js';
export type { FunctionRuntimeOptions } from './function-runtime-options.js';
export { FunctionInstance, FunctionReason } from './function-instance.js';
export { hostMemoryLimits, type HostMemoryLimits } from './memory-limits.js';
export { InvocationMetrics, outcomeOf, type InvocationOutcome } from './invocation-metrics.js';
export { HOST_DIR } from './host-dir.js';
