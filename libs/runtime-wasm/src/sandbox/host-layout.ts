import { accessSync, constants, lstatSync, readlinkSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { HostPathEntry } from './bwrap-args.js';

const LOADER_PATHS = ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];

/** How this host lays out its top-level system paths (merged-/usr symlinks or directories). */
export function detectHostLayout(): HostPathEntry[] {
  const out: HostPathEntry[] = [];
  for (const path of LOADER_PATHS) {
    const stat = lstatSync(path, { throwIfNoEntry: false });
    if (!stat) continue;
    if (stat.isSymbolicLink()) out.push({ path, symlinkTo: readlinkSync(path) });
    else if (stat.isDirectory()) out.push({ path });
  }
  return out;
}

/** The first executable called `name` on `searchPath`, like `command -v`. */
export function findExecutable(name: string, searchPath: string | undefined): string | undefined {
  for (const dir of (searchPath ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
