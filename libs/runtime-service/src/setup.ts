import { registerRuntime } from '@mosaic/runtime';
import { ServiceRuntime } from './service-runtime.js';
import type { ServiceRuntimeOptions } from './service-runtime-options.js';

/** Registers the service driver (replacing an earlier registration) and returns it. */
export function setup(options: ServiceRuntimeOptions = {}): ServiceRuntime {
  const runtime = new ServiceRuntime(options);
  registerRuntime(runtime, { replace: true });
  return runtime;
}
