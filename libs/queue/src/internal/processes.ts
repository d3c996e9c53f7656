import { constants } from 'node:fs';
import { access, readFile, readlink } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** True when `pid` names a live (not zombie) process. EPERM means it exists but is not ours. */
export async function isProcessAlive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // "pid (comm) S ..." — the state follows the last ')'; a zombie has exited already.
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no procfs: trust kill(0)
  }
}

/** Polls until `pid` is gone or `timeoutMs` passes; returns whether it is gone. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (await isProcessAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await sleep(25);
  }
  return true;
}

/**
 * True only when `pid` is a `redis-server` whose working directory is `dir` (Redis chdirs to its
 * `dir`), so a recycled pid from a stale pid file is never signalled. Linux-only evidence: where
 * /proc is missing the answer is false and nothing is killed.
 */
export async function isRedisServerIn(pid: number, dir: string): Promise<boolean> {
  try {
    const [cmdline, cwd] = await Promise.all([readFile(`/proc/${pid}/cmdline`, 'utf8'), readlink(`/proc/${pid}/cwd`)]);
    return cmdline.includes('redis-server') && cwd === dir;
  } catch {
    return false;
  }
}

/** Sends a signal, ignoring a process that is already gone. */
export function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

/** The first executable named `name` on PATH, or undefined. */
export async function findOnPath(name: string, pathVar = process.env['PATH'] ?? ''): Promise<string | undefined> {
  for (const dir of pathVar.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
