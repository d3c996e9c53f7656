import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot } from './_support.js';

/** A running `mosaic up` (control plane + in-process agent) on a temp state dir. */
export interface MosaicUp {
  address: string;
  stateDir: string;
  /** SIGTERM, wait for exit, remove the state dir. */
  stop(): Promise<void>;
}

/** `mosaic up` on a temp state dir and a free port; resolves once it printed "Mosaic is up" (agent registered). */
export async function startMosaicUp(): Promise<MosaicUp> {
  const stateDir = mkdtempSync(join(tmpdir(), 'mosaic-bench-up-'));
  const child = spawn(process.execPath, [join(repoRoot, 'apps/cli/bin/mosaic.js'), 'up', '--state-dir', stateDir, '--listen', '127.0.0.1:0', '--node-name', 'bench', '--log-level', 'warn'], {
    stdio: ['ignore', 'pipe', 'inherit'], cwd: repoRoot,
  });
  const exited = new Promise((r) => child.once('exit', r));
  const address = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('mosaic up did not come up within 60 s')), 60_000);
    child.once('exit', (code) => reject(new Error(`mosaic up exited with ${code} during start-up`)));
    let addr = '';
    createInterface({ input: child.stdout }).on('line', (line) => {
      addr ||= /listening on (\S+)/.exec(line)?.[1] ?? '';
      if (addr && line.startsWith('Mosaic is up')) {
        clearTimeout(timer);
        resolve(addr);
      }
    });
  });
  return {
    address,
    stateDir,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
