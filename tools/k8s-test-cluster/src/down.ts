import { existsSync, readdirSync, rmSync } from 'node:fs';
import { acquireLock } from './lock.js';
import { statePaths } from './paths.js';
import { progress, step } from './step.js';
import { stopComponents } from './stop-components.js';

/** Stops what `up` started in this state dir and removes the state dir. */
export async function down(stateDir: string): Promise<void> {
  const paths = statePaths(stateDir);
  if (!existsSync(paths.root)) {
    progress(`nothing to do: ${paths.root} does not exist`);
    return;
  }
  const release = await acquireLock(paths.lock, 'cluster', 10 * 60_000);
  try {
    await step('stop components', () => stopComponents(paths));
    await step(`remove ${paths.root}`, () => {
      removeStateDir(paths.root, paths.marker);
      return Promise.resolve();
    });
  } finally {
    release();
  }
}

/** Refuses to delete a non-empty directory that this tool did not create. */
export function removeStateDir(root: string, marker: string): void {
  if (!existsSync(root)) return;
  if (!existsSync(marker) && readdirSync(root).length > 0) {
    throw new Error(`${root} is not a k8s-test-cluster state dir (no ${marker}); not removing it`);
  }
  rmSync(root, { recursive: true, force: true });
}
