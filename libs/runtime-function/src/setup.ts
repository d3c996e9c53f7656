import { registerRuntime } from '@mosaic/runtime';
import { FunctionRuntime } from './function-runtime.js';
import type { FunctionRuntimeOptions } from './function-runtime-options.js';

/** Registers the function driver (replacing an earlier registration) and returns it. */
export function setup(options: FunctionRuntimeOptions = {}): FunctionRuntime {
  const runtime = new FunctionRuntime(options);
  registerRuntime(runtime, { replace: true });
  return runtime;
}
