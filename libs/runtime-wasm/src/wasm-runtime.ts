import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { WasmSpec } from '@mosaic/api';
import {
  InvalidInstanceSpecError,
  type InstanceHandle, type InstanceRecord, type InstanceSpec, type RuntimeAvailability, type RuntimeContext, type WorkloadRuntime,
} from '@mosaic/runtime';
import {
  SupervisedInstance, resolveSupervisionOptions,
  type LaunchSpec, type ResolvedSupervisionOptions, type SupervisedInstanceOptions,
} from '@mosaic/runtime-process';
import { ModuleRejectedError } from './errors/module-rejected-error.js';
import { SandboxUnavailableError } from './errors/sandbox-unavailable-error.js';
import { preparedPaths, prepareModule } from './prepare-module.js';
import { RUNNER_PATH } from './runner-path.js';
import { buildBwrapArgs } from './sandbox/bwrap-args.js';
import { detectSandbox, type SandboxState } from './sandbox/detect-sandbox.js';
import type { WasmRuntimeOptions } from './wasm-runtime-options.js';


/** How an instance was started, kept in its record so restarts and adoption agree. */
interface WasmDriverData extends Record<string, unknown> {
  sandbox: 'bubblewrap' | 'none';
  sha256: string;
}

/**
 * Runs `spec.wasm` modules, each in its own process: `node wasi-runner.mjs` inside bubblewrap
 * (see {@link buildBwrapArgs}), seeing only the declared args, env and preopens; memory capped
 * by rewriting the module ({@link limitModuleMemory}); the wall-clock `timeoutSeconds` enforced
 * by killing the process group (reason DeadlineExceeded); `sha256` verified before anything
 * runs. `restartPolicy` Never (the default) runs to completion → Succeeded / Failed with the
 * exit code; Always / OnFailure supervise it like a service (back-off, CrashLoop).
 */
export class WasmRuntime implements WorkloadRuntime {
  readonly name = 'wasm' as const;
  private readonly supervision: ResolvedSupervisionOptions;
  private readonly node: string;
  private readonly nodeArgs: string[];
  private sandboxState: Promise<SandboxState> | undefined;

  constructor(private readonly options: WasmRuntimeOptions = {}) {
    this.supervision = resolveSupervisionOptions(options.supervision);
    this.node = options.nodePath ?? process.execPath;
    this.nodeArgs = options.nodeArgs ?? ['--disable-warning=ExperimentalWarning'];
  }

  async probe(): Promise<RuntimeAvailability> {
    return (await this.sandbox()).availability;
  }

  async start(instance: InstanceSpec, ctx: RuntimeContext): Promise<InstanceHandle> {
    const spec = wasmSection(instance);
    const sandbox = await this.sandbox();
    if (!sandbox.availability.available) throw new SandboxUnavailableError(sandbox.availability.message ?? 'no sandbox');
    await mkdir(ctx.instanceDir, { recursive: true });
    const sandboxed = sandbox.bwrap !== undefined;
    try {
      const prepared = await prepareModule(spec, ctx.baseDir, ctx.instanceDir, sandboxed);
      const driver: WasmDriverData = { sandbox: sandboxed ? 'bubblewrap' : 'none', sha256: prepared.sha256 };
      return SupervisedInstance.launch(this.supervisedOptions(instance, ctx, spec, sandbox, driver));
    } catch (err) {
      if (!(err instanceof ModuleRejectedError)) throw err;
      const driver: WasmDriverData = { sandbox: sandboxed ? 'bubblewrap' : 'none', sha256: '' };
      return SupervisedInstance.failed(this.supervisedOptions(instance, ctx, spec, sandbox, driver), err.reason, err.message);
    }
  }

  async adopt(record: InstanceRecord, ctx: RuntimeContext): Promise<InstanceHandle | undefined> {
    if (record.runtime !== this.name) throw new InvalidInstanceSpecError(`record of instance ${record.instance.id} belongs to runtime ${record.runtime}`);
    const spec = wasmSection(record.instance);
    const driver = (record.driver ?? { sandbox: 'bubblewrap', sha256: '' }) as WasmDriverData;
    return SupervisedInstance.adopt(this.supervisedOptions(record.instance, ctx, spec, await this.sandbox(), driver), record);
  }

  private supervisedOptions(instance: InstanceSpec, ctx: RuntimeContext, spec: WasmSpec, sandbox: SandboxState, driver: WasmDriverData): SupervisedInstanceOptions {
    return {
      runtime: this.name,
      instance,
      ctx,
      restartPolicy: spec.restartPolicy,
      launch: () => this.launchSpec(spec, ctx, sandbox, driver),
      runTimeoutMs: spec.limits.timeoutSeconds !== undefined ? spec.limits.timeoutSeconds * 1000 : undefined,
      driver,
      supervision: this.supervision,
    };
  }

  /** The process of one run: bwrap around node + runner, or the runner alone when unsandboxed. */
  private launchSpec(spec: WasmSpec, ctx: RuntimeContext, sandbox: SandboxState, driver: WasmDriverData): LaunchSpec {
    const files = preparedPaths(ctx.instanceDir);
    const base = { env: {}, cwd: ctx.instanceDir };
    if (driver.sandbox === 'none') {
      return { ...base, command: this.node, args: [...this.nodeArgs, RUNNER_PATH, files.config] };
    }
    if (!sandbox.bwrap) throw new Error('bubblewrap is no longer available on this node');
    return {
      ...base,
      command: sandbox.bwrap,
      args: buildBwrapArgs({
        hostLayout: sandbox.layout,
        node: this.node,
        nodeArgs: this.nodeArgs,
        runner: RUNNER_PATH,
        module: files.module,
        config: files.config,
        preopens: (spec.wasi.preopens ?? []).map((p) => ({ host: resolve(ctx.baseDir, p.host), readOnly: p.readOnly })),
        network: spec.wasi.network,
      }),
    };
  }

  private sandbox(): Promise<SandboxState> {
    this.sandboxState ??= this.detectSandbox();
    return this.sandboxState;
  }

  private detectSandbox(): Promise<SandboxState> {
    return detectSandbox({
      driver: 'wasm',
      node: this.node,
      ...(this.options.bwrapPath !== undefined ? { bwrapPath: this.options.bwrapPath } : {}),
      ...(this.options.searchPath !== undefined ? { searchPath: this.options.searchPath } : {}),
      ...(this.options.allowUnsandboxed !== undefined ? { allowUnsandboxed: this.options.allowUnsandboxed } : {}),
    });
  }
}

function wasmSection(instance: InstanceSpec): WasmSpec {
  const spec = instance.spec.wasm;
  if (instance.spec.runtime !== 'wasm' || !spec) {
    throw new InvalidInstanceSpecError(`instance ${instance.id} is a ${instance.spec.runtime} workload; the wasm driver needs spec.wasm`);
  }
  return spec;
}
