import { openSync, readFileSync, unlinkSync, writeSync, closeSync } from 'node:fs';
import { progress } from './step.js';
import { sleep } from './wait.js';
import { isPidAlive } from './processes.js';

/**
 * A lock file holding the owner's pid, so two `up`s (say, two test projects run by
 * Nx at once) never build or start the same cluster twice. A lock whose owner is
 * dead is taken over.
 */
export async function acquireLock(path: string, description: string, timeoutMs: number): Promise<() => void> {
  const deadline = Date.now() + timeoutMs;
  let announced = false;
  for (;;) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      const release = (): void => {
        try {
          if (readFileSync(path, 'utf8').trim() === String(process.pid)) unlinkSync(path);
        } catch {
          // already gone
        }
      };
      process.once('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = readOwner(path);
    if (owner === undefined || !isPidAlive(owner)) {
      try {
        unlinkSync(path);
      } catch {
        // someone else took it over first
      }
      continue;
    }
    if (Date.now() >= deadline) {
      throw new Error(`timed out after ${Math.round(timeoutMs / 1000)}s waiting for the ${description} lock ${path} held by pid ${owner}`);
    }
    if (!announced) {
      progress(`waiting for the ${description} lock held by pid ${owner} (${path})`);
      announced = true;
    }
    await sleep(1000);
  }
}

function readOwner(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
