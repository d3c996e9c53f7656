import { registerRuntime } from '@mosaic/runtime';
import { WasmRuntime } from './wasm-runtime.js';
import type { WasmRuntimeOptions } from './wasm-runtime-options.js';

/** Registers the wasm driver (replacing an earlier registration) and returns it. */
export function setup(options: WasmRuntimeOptions = {}): WasmRuntime {
  const runtime = new WasmRuntime(options);
  registerRuntime(runtime, { replace: true });
  return runtime;
}
