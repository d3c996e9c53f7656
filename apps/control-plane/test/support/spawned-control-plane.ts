import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/** The built bin, as `mosaic server` and operators run it. */
export const CONTROL_PLANE_BIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

export interface SpawnedControlPlane {
  child: ChildProcess;
  address: string;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything it wrote to stderr so far (its JSON log), for failure messages. */
  stderr(): string;
}

/**
 * Starts the real bin on a free port and waits for its "listening on" line. The reconciler is
 * off (API suites; `extraArgs` may turn it on with `--reconcile true`).
 * @throws when it exits or stays silent for `timeoutMs`.
 */
export async function spawnControlPlane(stateDir: string, extraArgs: string[] = [], timeoutMs = 15000): Promise<SpawnedControlPlane> {
  const child = spawn(process.execPath, [CONTROL_PLANE_BIN, '--state-dir', stateDir, '--listen', '127.0.0.1:0', '--reconcile', 'false', ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  const address = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`control plane did not report its address within ${timeoutMs} ms; stderr:\n${stderr}`)), timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = /^Mosaic control plane listening on (\S+)$/m.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`control plane exited (code ${code}, signal ${signal}) before listening; stderr:\n${stderr}`));
    });
  });
  return { child, address, exited, stderr: () => stderr };
}
