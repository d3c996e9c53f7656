import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import { sleep } from './wait.js';

/** One long-running component started by `up`. */
export interface StartedProcess {
  readonly name: string;
  readonly pid: number;
  readonly binary: string;
  readonly logPath: string;
  /** Why it exited, once it has (only known to the process that started it). */
  exited(): string | undefined;
}

/** Options for {@link startProcess}. */
export interface StartOptions {
  readonly name: string;
  readonly binary: string;
  readonly args: readonly string[];
  readonly logPath: string;
  readonly pidPath: string;
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Starts a component detached from this process (it outlives `up`), output appended
 * to its log, pid written to its pid file for `down`.
 */
export function startProcess(options: StartOptions): StartedProcess {
  const fd = openSync(options.logPath, 'a');
  writeSync(fd, `\n$ ${options.binary} ${options.args.join(' ')}\n`);
  const child = spawn(options.binary, options.args, {
    detached: true,
    stdio: ['ignore', fd, fd],
    env: options.env ?? process.env,
  });
  closeSync(fd);
  let exit: string | undefined;
  child.on('error', (error) => {
    exit = `could not start: ${error.message}`;
  });
  child.on('exit', (code, signal) => {
    exit = `exited with ${code === null ? `signal ${signal}` : `code ${code}`}`;
  });
  child.unref();
  if (child.pid === undefined) throw new Error(`${options.name} did not start (${options.binary})`);
  writeFileSync(options.pidPath, `${child.pid}\n`);
  return { name: options.name, pid: child.pid, binary: options.binary, logPath: options.logPath, exited: () => exit };
}

/** True while the pid exists and is not a zombie. */
export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/**
 * True when `pid` is alive and still runs `binary`: guards `down` against a pid
 * that was reused by an unrelated process after a reboot or crash.
 */
export function isOurProcess(pid: number, binary: string): boolean {
  if (!isPidAlive(pid)) return false;
  try {
    const argv0 = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
    return argv0 === binary || basename(argv0) === basename(binary);
  } catch {
    return false;
  }
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone (bounded). */
export async function stopProcess(pid: number, graceMs = 10_000): Promise<'stopped' | 'killed' | 'gone'> {
  if (!isPidAlive(pid)) return 'gone';
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return 'gone';
  }
  if (await waitGone(pid, graceMs)) return 'stopped';
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return 'stopped';
  }
  if (await waitGone(pid, 5_000)) return 'killed';
  throw new Error(`pid ${pid} survived SIGKILL`);
}

async function waitGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isPidAlive(pid)) return true;
    await sleep(100);
  }
  return !isPidAlive(pid);
}
