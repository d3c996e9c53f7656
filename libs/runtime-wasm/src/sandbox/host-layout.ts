import { lstatSync, readlinkSync } from 'node:fs';
import type { HostPathEntry } from './bwrap-args.js';
import { findExecutable } from '@mosaic/runtime-process';

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

export { findExecutable };
