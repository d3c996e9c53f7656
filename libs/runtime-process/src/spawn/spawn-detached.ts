import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ProcessIdentity } from '@mosaic/runtime';
import { captureIdentity } from '../proc/process-identity.js';
import { clearExitFile, exitShimArgs } from './exit-shim.js';
import type { LaunchSpec } from './launch-spec.js';

export interface DetachedSpawnOptions extends LaunchSpec {
  /** stdout and stderr are appended here (O_APPEND, so copy-truncate rotation is safe). */
  logFile: string;
  /** The exit code of `command` is written here when it exits. */
  exitFile: string;
}

/** A process started by {@link spawnDetached}. */
export interface DetachedProcess {
  identity: ProcessIdentity;
  /** Epoch ms. */
  startedAt: number;
  /** Present while this process is our child; gone after adoption by another agent. */
  child: ChildProcess;
}

/**
 * Starts `command` so that it outlives us: in a new session (own process group, no
 * controlling terminal), under the exit-code wrapper, with stdin from /dev/null and
 * stdout/stderr written straight to the log file — no pipe whose reader could die. The child
 * is unref'd: it never keeps this process alive.
 *
 * Synchronous on purpose: the identity (pid + start time) is read from `/proc` before the
 * event loop can reap a process that exits instantly.
 * @throws Error when the working directory does not exist or the spawn fails.
 */
export function spawnDetached(options: DetachedSpawnOptions): DetachedProcess {
  const cwd = statSync(options.cwd, { throwIfNoEntry: false });
  if (!cwd?.isDirectory()) throw new Error(`working directory ${options.cwd} does not exist`);
  mkdirSync(dirname(options.logFile), { recursive: true });
  mkdirSync(dirname(options.exitFile), { recursive: true });
  clearExitFile(options.exitFile);
  const out = openSync(options.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn('/bin/sh', exitShimArgs(options.exitFile, options.command, options.args), {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', out, out],
    });
  } finally {
    closeSync(out);
  }
  const startedAt = Date.now();
  // Spawn failures and later errors are reported through pid/exit, never as an unhandled 'error'.
  child.on('error', () => undefined);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${options.command}`);
  child.unref();
  const identity = captureIdentity(pid);
  if (!identity) throw new Error(`process ${pid} vanished before it could be recorded`);
  return { identity, startedAt, child };
}
