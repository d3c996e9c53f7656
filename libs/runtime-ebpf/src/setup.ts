import { registerRuntime } from '@mosaic/runtime';
import { EbpfRuntime } from './ebpf-runtime.js';
import type { EbpfRuntimeOptions } from './ebpf-runtime-options.js';

/**
 * Registers the ebpf driver (replacing an earlier registration) and returns it. Probes load
 * only with `allowBpf: true` — the agent's configuration decides.
 */
export function setup(options: EbpfRuntimeOptions = {}): EbpfRuntime {
  const runtime = new EbpfRuntime(options);
  registerRuntime(runtime, { replace: true });
  return runtime;
}
