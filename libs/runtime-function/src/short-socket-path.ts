import { createHash } from 'node:crypto';
import { readlinkSync, symlinkSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

/** sun_path holds 108 bytes on Linux; stay clear of it. */
const MAX_SOCKET_PATH_BYTES = 100;

/**
 * A path to connect to `socketPath` by that fits in sun_path: the path itself when short
 * enough, else `<tmpdir>/mosaic-fn-<hash>/<name>` through a symlink to its directory (instance
 * directories under a deep state dir easily exceed 108 bytes).
 */
export function shortSocketPath(socketPath: string): string {
  if (Buffer.byteLength(socketPath) <= MAX_SOCKET_PATH_BYTES) return socketPath;
  const dir = dirname(socketPath);
  const link = join(tmpdir(), `mosaic-fn-${createHash('sha256').update(dir).digest('hex').slice(0, 16)}`);
  let current: string | undefined;
  try {
    current = readlinkSync(link);
  } catch {
    current = undefined;
  }
  if (current !== dir) {
    if (current !== undefined) unlinkSync(link);
    symlinkSync(dir, link);
  }
  return join(link, basename(socketPath));
}
