import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The real control plane, as a child process (the CLI tests are end-to-end). */
const CONTROL_PLANE_BIN = fileURLToPath(new URL('../../../control-plane/dist/main.js', import.meta.url));
export const LISTENING = /Mosaic control plane listening on (\S+)/;

export interface ControlPlaneProcess {
  address: string;
  stateDir: string;
  child: ChildProcess;
  /** SIGTERM, wait for the exit, remove the temp state dir. */
  stop(): Promise<void>;
}

export async function startControlPlane(): Promise<ControlPlaneProcess> {
  const stateDir = mkdtempSync(join(tmpdir(), 'mosaic-cli-it-'));
  const child = spawn(process.execPath, [CONTROL_PLANE_BIN, '--state-dir', stateDir, '--listen', '127.0.0.1:0', '--log-level', 'warn'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const address = await new ChildOutput(child).waitFor(LISTENING, 20_000);
  return {
    address,
    stateDir,
    child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/**
 * Everything a child prints, kept from the start, so a test can wait for a line that may
 * already have been printed while it was busy elsewhere.
 */
export class ChildOutput {
  stdout = '';
  stderr = '';
  exitCode: number | null | undefined;

  constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (d: Buffer) => (this.stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.stderr += d.toString()));
    child.once('exit', (code) => (this.exitCode = code));
  }

  /** Resolves with the first capture group (or the match) of `pattern` in stdout. */
  async waitFor(pattern: RegExp, timeoutMs: number): Promise<string> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const m = pattern.exec(this.stdout);
      if (m) return m[1] ?? m[0];
      if (this.exitCode !== undefined) throw new Error(`exited with ${this.exitCode} before printing ${String(pattern)}; stdout:\n${this.stdout}\nstderr:\n${this.stderr}`);
      if (Date.now() > end) throw new Error(`no ${String(pattern)} within ${timeoutMs} ms; stdout:\n${this.stdout}\nstderr:\n${this.stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
