// Shared by the benchmarks: a real control-plane process on a temp state dir, JSON output,
// percentiles. Figures are printed as one JSON line each so runs can be compared by tools.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export interface Figure {
  bench: string;
  figure: string;
  value: number;
  unit: string;
  [extra: string]: string | number | boolean;
}

export function emit(figure: Figure): void {
  process.stdout.write(JSON.stringify(figure) + '\n');
}

/** Nearest-rank percentile of an unsorted sample (sorts a copy). */
export function percentile(sample: readonly number[], p: number): number {
  if (sample.length === 0) return NaN;
  const sorted = [...sample].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

export interface RunningServer {
  address: string;
  stateDir: string;
  stop(): Promise<void>;
}

/**
 * Starts the built control-plane bin on 127.0.0.1:0 with a fresh state dir, reconciler off: the
 * API figures stay comparable across versions (pipeline.ts measures the reconcile path).
 */
export async function startServer(): Promise<RunningServer> {
  const stateDir = mkdtempSync(join(tmpdir(), 'mosaic-bench-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [join(repoRoot, 'apps/control-plane/dist/main.js'), '--state-dir', stateDir, '--listen', '127.0.0.1:0', '--log-level', 'warn', '--reconcile', 'false'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const address = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('control plane did not start within 30 s')), 30_000);
    child.once('exit', (code) => reject(new Error(`control plane exited with ${code} during start-up`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /listening on (\S+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
  });
  return {
    address,
    stateDir,
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
