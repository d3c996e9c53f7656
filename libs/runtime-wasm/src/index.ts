export { setup } from './setup.js';
export { WasmRuntime } from './wasm-runtime.js';
export type { WasmRuntimeOptions } from './wasm-runtime-options.js';
export { limitModuleMemory, type LimitedModule, type ModuleMemory } from './module/limit-module-memory.js';
export {
  buildBwrapArgs, buildNodeSandboxArgs, type SandboxPlan, type NodeSandboxPlan, type SandboxBind, type HostPathEntry,
} from './sandbox/bwrap-args.js';
export { detectSandbox, type DetectSandboxOptions, type SandboxState } from './sandbox/detect-sandbox.js';
export { detectHostLayout } from './sandbox/host-layout.js';
export { RUNNER_PATH } from './runner-path.js';
export * from './errors/index.js';
