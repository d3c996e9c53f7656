import { createHash } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { WasmSpec } from '@mosaic/api';
import { InstanceReason } from '@mosaic/runtime';
import { InvalidWasmModuleError } from './errors/invalid-wasm-module-error.js';
import { MemoryLimitExceededError } from './errors/memory-limit-exceeded-error.js';
import { ModuleRejectedError } from './errors/module-rejected-error.js';
import { limitModuleMemory, type ModuleMemory } from './module/limit-module-memory.js';
import { sandboxPreopenPath, SANDBOX_MODULE } from './sandbox/bwrap-args.js';

/** The files of a prepared instance, inside its instance dir. */
export interface PreparedModule {
  /** The memory-capped copy that actually runs. */
  module: string;
  /** The runner config (paths as the runner will see them). */
  config: string;
  /** Absolute host directories of the preopens, in spec order. */
  preopenHosts: string[];
  /** sha256 of the module file as read. */
  sha256: string;
}

/** What `wasi-runner.mjs` reads. */
export interface RunnerConfig {
  module: string;
  export: string;
  args: string[];
  env: Record<string, string>;
  /** guest path → path in the runner's file system. */
  preopens: Record<string, string>;
  importedMemories: { module: string; name: string; initial: number; maximum: number; shared: boolean }[];
}

export const preparedPaths = (instanceDir: string) => ({ module: join(instanceDir, 'module.wasm'), config: join(instanceDir, 'wasi-config.json') });

/**
 * Everything that happens before a module may run, in order: resolve and read the module,
 * verify its sha256 (so a mismatch runs nothing), cap its memory at `limits.memoryPages`,
 * check the preopens, and write the capped copy and the runner config into the instance dir.
 * Runs of the instance (restarts included) use those copies, never the original file again.
 * @throws ModuleRejectedError with the instance reason to report.
 */
export async function prepareModule(spec: WasmSpec, baseDir: string, instanceDir: string, sandboxed: boolean): Promise<PreparedModule> {
  if (spec.module.path === undefined) {
    throw new ModuleRejectedError(InstanceReason.StartError, `module.image (${spec.module.image}) is not supported by this wasm driver yet; use module.path`);
  }
  const source = resolve(baseDir, spec.module.path);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(source);
  } catch (err) {
    throw new ModuleRejectedError(InstanceReason.StartError, `cannot read module ${source}: ${(err as Error).message}`);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (spec.module.sha256 !== undefined && spec.module.sha256 !== sha256) {
    throw new ModuleRejectedError(InstanceReason.ChecksumMismatch,
      `module ${source} has sha256 ${sha256}, but the spec requires ${spec.module.sha256}; refusing to run it`);
  }
  let memories: ModuleMemory[];
  try {
    ({ bytes, memories } = limitModuleMemory(bytes, spec.limits.memoryPages));
  } catch (err) {
    if (err instanceof MemoryLimitExceededError) throw new ModuleRejectedError(InstanceReason.MemoryLimitExceeded, err.message);
    if (err instanceof InvalidWasmModuleError) throw new ModuleRejectedError(InstanceReason.InvalidModule, `module ${source} is not valid: ${err.message}`);
    throw err;
  }
  const preopens = spec.wasi.preopens ?? [];
  const preopenHosts = preopens.map((p) => resolve(baseDir, p.host));
  for (const [i, host] of preopenHosts.entries()) {
    if (!(await stat(host).then((s) => s.isDirectory(), () => false))) {
      throw new ModuleRejectedError(InstanceReason.StartError, `preopen ${preopens[i]!.guest}: host directory ${host} does not exist`);
    }
  }
  const paths = preparedPaths(instanceDir);
  const config: RunnerConfig = {
    module: sandboxed ? SANDBOX_MODULE : paths.module,
    export: spec.export,
    args: spec.args ?? [basename(source)],
    env: spec.wasi.env ?? {},
    preopens: Object.fromEntries(preopens.map((p, i) => [p.guest, sandboxed ? sandboxPreopenPath(i) : preopenHosts[i]!])),
    importedMemories: memories.flatMap((m) => (m.import ? [{ ...m.import, initial: m.initial, maximum: m.maximum, shared: m.shared }] : [])),
  };
  await writeFile(paths.module, bytes);
  await writeFile(paths.config, JSON.stringify(config, null, 2));
  return { ...paths, preopenHosts, sha256 };
}
