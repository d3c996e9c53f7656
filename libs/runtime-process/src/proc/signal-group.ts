import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ProcessIdentity } from '@mosaic/runtime';
import { EXIT_SHIM_NAME } from '../spawn/exit-shim.js';
import { checkIdentity } from './process-identity.js';
import { listGroupMembers, readProcStat } from './proc-stat.js';

/**
 * Sends `signal` to the whole process group of a verified process. Returns false (and sends
 * nothing) when the recorded leader is gone or its pid was recycled: a pid is only trusted
 * together with its start time.
 */
export function signalGroup(identity: ProcessIdentity, signal: NodeJS.Signals): boolean {
  const check = checkIdentity(identity);
  const zombieLeader = check === 'exited' && readProcStat(identity.pid)?.startTime === identity.startTime;
  // A zombie leader still pins the pgid, so the group cannot have been reused.
  if (check !== 'alive' && !zombieLeader) return false;
  try {
    process.kill(-identity.pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * Kills what is left of a group after its leader exited (background children of a service,
 * say). Members are found by pgid *and* session id, both of which were set when the driver
 * created the session, so an unrelated group cannot match.
 */
export function killGroupStragglers(identity: ProcessIdentity): number {
  let killed = 0;
  // The leader itself is excluded: once reaped, its pid may already be someone else's.
  for (const pid of listGroupMembers(identity.pgid, identity.pgid)) {
    if (pid === identity.pid) continue;
    try {
      process.kill(pid, 'SIGKILL');
      killed++;
    } catch {
      // already gone
    }
  }
  return killed;
}

/**
 * Waits (up to `timeoutMs`) until the exit-code wrapper has exec'd the workload, so that a
 * group-wide SIGTERM reaches the workload itself. Sent earlier, the signal could land between
 * the wrapper's fork and exec and be lost (the wrapper remembers it and does not start the
 * workload, but a narrow window remains); the SIGKILL escalation covers anything left.
 */
export async function waitForWorkloadExec(identity: ProcessIdentity, timeoutMs = 1000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && checkIdentity(identity) === 'alive') {
    for (const pid of listGroupMembers(identity.pgid, identity.pgid)) {
      if (pid === identity.pid || readProcStat(pid)?.ppid !== identity.pid) continue;
      let cmdline: string;
      try {
        cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        continue;
      }
      if (!cmdline.includes(EXIT_SHIM_NAME)) return;
    }
    await sleep(10);
  }
}
