export { setup } from './setup.js';
export { WasmRuntime } from './wasm-runtime.js';
export type { WasmRuntimeOptions } from './wasm-runtime-options.js';
export { limitModuleMemory, type LimitedModule, type ModuleMemory } from './module/limit-module-memory.js';
export { buildBwrapArgs, type SandboxPlan, type HostPathEntry } from './sandbox/bwrap-args.js';
export { RUNNER_PATH } from './runner-path.js';
export * from './errors/index.js';
