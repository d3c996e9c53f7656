import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { runLogged } from './exec.js';

/** The host tools the cluster needs, resolved to absolute paths. */
export interface Prerequisites {
  readonly etcd: string;
  readonly openssl: string;
  /** Only needed when binaries must be built. */
  readonly go: string | undefined;
}

/** First executable named `name` on PATH (plus any `extraDirs`), or undefined. */
export function which(name: string, extraDirs: readonly string[] = []): string | undefined {
  const dirs = [...(process.env['PATH'] ?? '').split(delimiter), ...extraDirs].filter((d) => d !== '');
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  return undefined;
}

/**
 * Finds etcd and openssl, apt-installing the Debian packages when they are missing
 * and we are root (a fresh CI machine), and finds Go (MOSAIC_GO, PATH, /usr/local/go).
 */
export async function ensurePrerequisites(logPath: string): Promise<Prerequisites> {
  const etcd = await ensureDebianTool('etcd', 'etcd-server', logPath);
  const openssl = await ensureDebianTool('openssl', 'openssl', logPath);
  const goFromEnv = process.env['MOSAIC_GO'];
  const go = goFromEnv !== undefined && goFromEnv !== '' ? goFromEnv : which('go', ['/usr/local/go/bin']);
  return { etcd, openssl, go };
}

async function ensureDebianTool(binary: string, debianPackage: string, logPath: string): Promise<string> {
  const found = which(binary, ['/usr/sbin', '/usr/bin']);
  if (found !== undefined) return found;
  if (process.getuid?.() !== 0) {
    throw new Error(`${binary} not found on PATH and not root: run "apt-get install -y ${debianPackage}"`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = { logPath, timeoutMs: 10 * 60_000, env };
  try {
    await runLogged('apt-get', ['install', '-y', '--no-install-recommends', debianPackage], apt);
  } catch {
    // A fresh machine may have no package lists yet.
    await runLogged('apt-get', ['update'], apt);
    await runLogged('apt-get', ['install', '-y', '--no-install-recommends', debianPackage], apt);
  }
  const installed = which(binary, ['/usr/sbin', '/usr/bin']);
  if (installed === undefined) throw new Error(`apt-get installed ${debianPackage} but ${binary} is still not on PATH`);
  return installed;
}
