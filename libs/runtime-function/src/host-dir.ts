import { fileURLToPath } from 'node:url';

/**
 * The function host scripts shipped with this package (`host/`), bound read-only into every
 * sandbox. This file sits one level below the package root as `src/host-dir.ts` and
 * `dist/host-dir.js` alike.
 */
export const HOST_DIR = fileURLToPath(new URL('../host', import.meta.url));
export const HOST_SCRIPT = 'function-host.mjs';
