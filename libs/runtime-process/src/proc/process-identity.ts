import { setTimeout as sleep } from 'node:timers/promises';
import type { ProcessIdentity } from '@mosaic/runtime';
import { readBootId, readProcStat } from './proc-stat.js';

/**
 * - `alive`: the recorded process still runs.
 * - `exited`: it is gone (or a zombie nobody reaped — in containers pid 1 often does not).
 * - `recycled`: the pid now belongs to another process; it must not be signalled.
 */
export type IdentityCheck = 'alive' | 'exited' | 'recycled';

/** The identity of a running process, or undefined when it does not exist. */
export function captureIdentity(pid: number): ProcessIdentity | undefined {
  const stat = readProcStat(pid);
  if (!stat) return undefined;
  return { pid, pgid: stat.pgid, startTime: stat.startTime, bootId: readBootId() };
}

/** Compares what `/proc` says now with a recorded identity. */
export function checkIdentity(identity: ProcessIdentity): IdentityCheck {
  const stat = readProcStat(identity.pid);
  if (!stat) return 'exited';
  if (identity.bootId !== readBootId() || stat.startTime !== identity.startTime) return 'recycled';
  return stat.state === 'Z' || stat.state === 'X' ? 'exited' : 'alive';
}

/**
 * Resolves once a process that is not our child has exited (we cannot `wait()` for it), by
 * polling `/proc`. Rejects with the signal's reason when aborted.
 */
export async function waitForExit(identity: ProcessIdentity, options: { intervalMs?: number; signal?: AbortSignal } = {}): Promise<void> {
  const intervalMs = options.intervalMs ?? 250;
  while (checkIdentity(identity) === 'alive') {
    await sleep(intervalMs, undefined, { signal: options.signal, ref: false });
  }
}
