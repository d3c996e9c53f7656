import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RuntimeContext } from '@mosaic/runtime';

/** A temporary tree for driver tests: a base dir, per-instance dirs and a log dir. */
export interface ScratchArea {
  root: string;
  /** The agent-style context of instance `id` inside the area (node `test-node`). */
  ctx: (id: string) => RuntimeContext;
  /** Removes the whole tree. */
  cleanup: () => void;
}

/** Creates a {@link ScratchArea} under the OS temp dir; drivers' test suites share it. */
export function scratchArea(prefix: string): ScratchArea {
  const root = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(join(root, 'work'));
  return {
    root,
    ctx: (id) => ({ instanceDir: join(root, 'instances', id), logDir: join(root, 'logs'), baseDir: join(root, 'work'), node: { name: 'test-node' } }),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
