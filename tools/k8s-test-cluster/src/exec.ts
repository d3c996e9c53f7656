import { spawn } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';

/** Options for {@link runLogged}. */
export interface RunOptions {
  /** Output of the command is appended here. */
  readonly logPath: string;
  /** Kill the command (and its process group) after this long. */
  readonly timeoutMs: number;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Runs a command to completion with its output appended to a log file. Rejects on
 * a non-zero exit or when the timeout expires (the whole process group is killed,
 * so `go build`'s compiler children do not linger).
 */
export function runLogged(command: string, args: readonly string[], options: RunOptions): Promise<void> {
  const fd = openSync(options.logPath, 'a');
  writeSync(fd, `\n$ ${command} ${args.join(' ')}\n`);
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', fd, fd],
      detached: true,
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid, 'SIGKILL');
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      closeSync(fd);
      reject(new Error(`${command} could not start: ${error.message}`));
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      closeSync(fd);
      if (timedOut) reject(new Error(`${command} timed out after ${Math.round(options.timeoutMs / 1000)}s`));
      else if (code === 0) resolve();
      else reject(new Error(`${command} exited with ${code === null ? `signal ${signal}` : `code ${code}`}`));
    });
  });
}

/** Options for {@link runCapture}. */
export interface CaptureOptions {
  /** @defaultValue 60 s */
  readonly timeoutMs?: number;
  /** Written to the command's stdin. */
  readonly input?: string;
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/** Runs a short command and returns its stdout; stderr is included in the error. */
export function runCapture(command: string, args: readonly string[], options: CaptureOptions = {}): Promise<string> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  return new Promise<string>((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      cwd: options.cwd,
      env: options.env ?? process.env,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${command} could not start: ${error.message}`));
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (timedOut) reject(new Error(`${command} ${args.join(' ')} timed out after ${Math.round(timeoutMs / 1000)}s`));
      else if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else {
        // `go mod download -json` reports its errors on stdout.
        const output = (Buffer.concat(err).toString('utf8').trim() || Buffer.concat(out).toString('utf8').trim()).slice(-4000);
        reject(new Error(`${command} ${args.join(' ')} exited with code ${code}:\n${output}`));
      }
    });
    if (child.stdin !== null) {
      // The command may exit without reading its input; that is its answer, not our error.
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.input);
    }
  });
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}
