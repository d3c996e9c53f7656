import type { RuntimeName } from '@mosaic/api';
import { RuntimeAlreadyRegisteredError } from './errors/runtime-already-registered-error.js';
import { RuntimeNotRegisteredError } from './errors/runtime-not-registered-error.js';
import type { WorkloadRuntime } from './workload-runtime.js';

/**
 * The process-wide table of drivers, keyed by runtime name — like grpc-js's resolver
 * registry: each driver package's `setup()` registers itself, the agent only looks up.
 */
const runtimes = new Map<RuntimeName, WorkloadRuntime>();

export interface RegisterRuntimeOptions {
  /** Replace a driver already registered under the same name. @defaultValue false */
  replace?: boolean;
}

/**
 * Registers a driver under `runtime.name`. Registering the same object twice is a no-op;
 * a different one needs `replace: true`.
 * @throws RuntimeAlreadyRegisteredError
 */
export function registerRuntime(runtime: WorkloadRuntime, options: RegisterRuntimeOptions = {}): void {
  const existing = runtimes.get(runtime.name);
  if (existing && existing !== runtime && !options.replace) throw new RuntimeAlreadyRegisteredError(runtime.name);
  runtimes.set(runtime.name, runtime);
}

/** Removes a driver (tests, agent shutdown). Returns whether one was registered. */
export function unregisterRuntime(name: RuntimeName): boolean {
  return runtimes.delete(name);
}

/**
 * The driver for `name` (any string, so an agent can look up whatever an assignment says).
 * @throws RuntimeNotRegisteredError when no driver registered that name.
 */
export function getRuntime(name: string): WorkloadRuntime {
  const runtime = runtimes.get(name as RuntimeName);
  if (!runtime) throw new RuntimeNotRegisteredError(name, [...runtimes.keys()].sort());
  return runtime;
}

/** Whether a driver is registered for `name`. */
export function hasRuntime(name: string): boolean {
  return runtimes.has(name as RuntimeName);
}

/** Every registered driver, ordered by name. */
export function listRuntimes(): WorkloadRuntime[] {
  return [...runtimes.values()].sort((a, b) => a.name.localeCompare(b.name));
}
