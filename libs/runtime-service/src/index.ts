export { setup } from './setup.js';
export { ServiceRuntime } from './service-runtime.js';
export type { ServiceRuntimeOptions } from './service-runtime-options.js';
export { buildServiceEnv, portEnvName, resolvePortRef } from './service-env.js';
export { allocatePorts, portsFromDriverData } from './ports/allocate-ports.js';
