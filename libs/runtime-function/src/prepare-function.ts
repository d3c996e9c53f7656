import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { FunctionSpec } from '@mosaic/api';
import { InvalidWasmModuleError, limitModuleMemory, MemoryLimitExceededError } from '@mosaic/runtime-wasm';
import ts from 'typescript';
import { hostMemoryLimits, wasmPagesFor } from './memory-limits.js';

/** Where things appear inside the sandbox. */
export const GUEST = Object.freeze({
  host: '/mosaic/host',
  config: '/mosaic/config.json',
  sockets: '/mosaic/sock',
  /** Holds only package.json: the module type of a source directory without one of its own. */
  scope: '/mosaic/src',
  source: '/mosaic/src/app',
});

export const SOCKET_NAME = 'host.sock';

/** The files of one instance, on the host. */
export function instanceFiles(instanceDir: string) {
  return {
    config: join(instanceDir, 'host-config.json'),
    guestConfig: join(instanceDir, 'guest-config.json'),
    sockets: join(instanceDir, 'sock'),
    socket: join(instanceDir, 'sock', SOCKET_NAME),
    build: join(instanceDir, 'build'),
    scope: join(instanceDir, 'scope'),
  };
}

/** What the driver needs to launch the host. */
export interface PreparedFunction {
  /** Directory bound at GUEST.source (the source's directory, or the build dir for .ts). */
  sourceDir: string;
  /** Host-side config (unsandboxed) and its sandbox twin. */
  config: string;
  guestConfig: string;
  scopeDir: string;
  socket: string;
  processOldSpaceMb: number;
}

/** The handler's source could not be used; the instance fails with this reason. */
export class SourceRejectedError extends Error {
  override readonly name = 'SourceRejectedError';
  constructor(readonly reason: string, message: string) {
    super(message);
  }
}

/** The export a handler "module.export" names: what follows the last dot. */
export function handlerExport(handler: string): string {
  return handler.slice(handler.lastIndexOf('.') + 1);
}

/** `module` or `commonjs`, as node decides for a .js file in `dir` (nearest package.json). */
export async function moduleTypeOf(dir: string): Promise<'module' | 'commonjs'> {
  for (let d = dir; ; d = dirname(d)) {
    const pkg = join(d, 'package.json');
    if (existsSync(pkg)) {
      try {
        return (JSON.parse(await readFile(pkg, 'utf8')) as { type?: string }).type === 'module' ? 'module' : 'commonjs';
      } catch {
        return 'commonjs';
      }
    }
    if (dirname(d) === d) return 'commonjs';
  }
}

/**
 * Gets an instance's handler ready: checks `source.sha256`, transpiles a .ts source into the
 * instance's build dir (typescript's transpileModule: types are not checked, one file), caps a
 * Wasm module's memory at a thread's share ({@link wasmPagesFor}), and
 * writes the host's config twice — with host paths (unsandboxed) and with sandbox paths.
 */
export async function prepareFunction(spec: FunctionSpec, memoryBytes: number, baseDir: string, instanceDir: string): Promise<PreparedFunction> {
  const files = instanceFiles(instanceDir);
  const source = resolve(baseDir, spec.source.path);
  let bytes: Buffer;
  try {
    bytes = await readFile(source);
  } catch (err) {
    throw new SourceRejectedError('StartError', `cannot read the function source ${source}: ${(err as Error).message}`);
  }
  if (spec.source.sha256 !== undefined) {
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== spec.source.sha256.toLowerCase()) {
      throw new SourceRejectedError('ChecksumMismatch', `${spec.source.path} has sha256 ${actual}, the spec says ${spec.source.sha256}`);
    }
  }
  await mkdir(files.sockets, { recursive: true });
  // The scope dir is bound read-only at GUEST.scope; its empty `app` is the source's mount point.
  await mkdir(join(files.scope, 'app'), { recursive: true });
  const ext = extname(source);
  let sourceDir = dirname(source);
  let file = basename(source);
  if (ext === '.ts') {
    const out = ts.transpileModule(bytes.toString('utf8'), {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: false, verbatimModuleSyntax: false },
      reportDiagnostics: true,
    });
    const problem = out.diagnostics?.find((d) => d.category === ts.DiagnosticCategory.Error);
    if (problem) throw new SourceRejectedError('StartError', `cannot transpile ${spec.source.path}: ${ts.flattenDiagnosticMessageText(problem.messageText, '\n')}`);
    await mkdir(files.build, { recursive: true });
    file = `${basename(source, '.ts')}.mjs`;
    await writeFile(join(files.build, file), out.outputText);
    sourceDir = files.build;
  }
  const limits = hostMemoryLimits(memoryBytes, spec.concurrency);
  if (ext === '.wasm') {
    // Linear memory lives outside the JS heap: cap it at the thread's share by rewriting the module.
    let limited: Uint8Array;
    try {
      limited = limitModuleMemory(bytes, wasmPagesFor(limits)).bytes;
    } catch (err) {
      if (err instanceof MemoryLimitExceededError) throw new SourceRejectedError('MemoryLimitExceeded', err.message);
      if (err instanceof InvalidWasmModuleError) throw new SourceRejectedError('InvalidModule', `${spec.source.path} is not valid: ${err.message}`);
      throw err;
    }
    await mkdir(files.build, { recursive: true });
    await writeFile(join(files.build, file), limited);
    sourceDir = files.build;
  }
  await writeFile(join(files.scope, 'package.json'), `${JSON.stringify({ type: await moduleTypeOf(dirname(source)) })}\n`);
  const common = {
    handler: spec.handler,
    kind: ext === '.wasm' ? 'wasm' : 'js',
    exportName: handlerExport(spec.handler),
    concurrency: spec.concurrency,
    resourceLimits: limits.thread,
    env: spec.env ?? {},
  };
  await writeFile(files.config, JSON.stringify({ ...common, modulePath: join(sourceDir, file), socketPath: files.socket }));
  await writeFile(files.guestConfig, JSON.stringify({ ...common, modulePath: `${GUEST.source}/${file}`, socketPath: `${GUEST.sockets}/${SOCKET_NAME}` }));
  return {
    sourceDir, config: files.config, guestConfig: files.guestConfig, scopeDir: files.scope, socket: files.socket,
    processOldSpaceMb: limits.processOldSpaceMb,
  };
}
