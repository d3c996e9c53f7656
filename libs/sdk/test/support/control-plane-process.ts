import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Integration tests run the real control plane as a child process: a library may not
 * import an app, and a real process is what lets a test SIGKILL and restart the server.
 */
export const CONTROL_PLANE_BIN = fileURLToPath(new URL('../../../../apps/control-plane/dist/main.js', import.meta.url));

const READY = /Mosaic control plane listening on (\S+)/;

export interface ControlPlaneProcess {
  address: string;
  stateDir: string;
  child: ChildProcess;
  /** SIGKILL and wait for the exit: the crash case. */
  kill(): Promise<void>;
  /** SIGTERM (graceful) and wait. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Reuse a state dir (a restart); default a new temp dir. */
  stateDir?: string;
  /** Default 127.0.0.1:0 (a free port). */
  listen?: string;
  extraArgs?: string[];
}

/** Starts the control plane bin and resolves once it prints its listening line. */
export async function startControlPlaneProcess(options: StartOptions = {}): Promise<ControlPlaneProcess> {
  const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), 'mosaic-sdk-it-'));
  const { MOSAIC_CONFIG: _ignored, ...env } = process.env;
  // The reconciler is off: these suites assert exact watch streams and revisions of the API,
  // which its finalizer and status writes would add to (and kill -9 would leave its Redis behind).
  const child = spawn(process.execPath, [CONTROL_PLANE_BIN, '--state-dir', stateDir, '--listen', options.listen ?? '127.0.0.1:0', '--log-level', 'warn', '--reconcile', 'false', ...(options.extraArgs ?? [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const address = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`control plane did not start in 20 s; stderr:\n${stderr}`)), 20_000);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = READY.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`control plane exited with ${code} before listening; stderr:\n${stderr}`));
    });
  });
  const signal = async (sig: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
    await exited;
  };
  return { address, stateDir, child, kill: () => signal('SIGKILL'), stop: () => signal('SIGTERM') };
}

/** Removes a temp state dir made by startControlPlaneProcess. */
export function removeStateDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A port that was free a moment ago (for tests that must start a server on a known address later). */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
