import { readFileSync, rmSync } from 'node:fs';

/**
 * The one-line `sh` wrapper every instance process runs under. Only a parent can `wait()` for
 * a process's exit status, and the agent that started an instance may be gone by the time it
 * exits, so the wrapper — the session leader, which outlives the agent — records the code in
 * a file for whoever adopts the instance.
 *
 * The wrapper *handles* TERM/INT/HUP (a handler, not an ignore, which children would
 * inherit): a group-wide SIGTERM reaches the workload with its default disposition while the
 * shell survives, waits for it and records `128 + signal` like any shell. A signal that
 * arrives before the workload was forked is remembered and the workload is not started at
 * all. Only SIGKILL of the wrapper loses the code, and then the driver knows it sent it.
 */
export const EXIT_SHIM = [
  'f=$1; shift; s=',
  "trap 's=143' TERM; trap 's=130' INT; trap 's=129' HUP",
  'if [ -z "$s" ]; then "$@"; c=$?; else c=$s; fi',
  'printf "%s\\n" "$c" > "$f"; exit "$c"',
].join('; ');

/** `argv[0]` of the wrapper, so `ps` shows what it is. */
export const EXIT_SHIM_NAME = 'mosaic-exit-shim';

/** argv for `/bin/sh`: run `command args…` and write its exit code to `exitFile`. */
export function exitShimArgs(exitFile: string, command: string, args: readonly string[]): string[] {
  return ['-c', EXIT_SHIM, EXIT_SHIM_NAME, exitFile, command, ...args];
}

/** The exit code a wrapper recorded, or undefined when none was (yet) written. */
export function readExitFile(exitFile: string): number | undefined {
  try {
    const text = readFileSync(exitFile, 'utf8').trim();
    return /^\d+$/.test(text) ? Number(text) : undefined;
  } catch {
    return undefined;
  }
}

/** Removes a stale exit file before a new run. */
export function clearExitFile(exitFile: string): void {
  rmSync(exitFile, { force: true });
}
