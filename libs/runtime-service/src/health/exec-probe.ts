import { spawn } from 'node:child_process';
import type { LaunchSpec, ProbeResult } from '@mosaic/runtime-process';

/**
 * Runs `command` with the service's environment and working directory; exit 0 is healthy.
 * On timeout the command is killed with SIGKILL.
 */
export function execProbe(command: readonly string[], where: Pick<LaunchSpec, 'env' | 'cwd'>, signal: AbortSignal): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const [program, ...args] = command;
    if (!program) return resolve({ ok: false, detail: 'empty exec command' });
    const child = spawn(program, args, { env: where.env, cwd: where.cwd, stdio: 'ignore', signal, killSignal: 'SIGKILL' });
    child.once('error', (err) => resolve({ ok: false, detail: `${program}: ${err.message}` }));
    child.once('exit', (code, sig) => resolve({ ok: code === 0, detail: code !== null ? `${program} exited with code ${code}` : `${program} killed by ${sig}` }));
  });
}
