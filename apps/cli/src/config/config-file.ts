import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { CliError } from '../errors/cli-error.js';
import type { MosaicConfig, MosaicContext } from './mosaic-config.js';

/** `$MOSAIC_CONFIG`, else `~/.mosaic/config`. */
export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  return env['MOSAIC_CONFIG'] || join(homedir(), '.mosaic', 'config');
}

/** Reads the config file; a missing file is an empty config, a malformed one an error. */
export function readConfig(path: string): MosaicConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { contexts: [] };
    throw err;
  }
  const raw: unknown = parse(text);
  if (raw === null || raw === undefined) return { contexts: [] };
  return checkConfig(raw, path);
}

/** Writes atomically with owner-only permissions: the file may hold tokens. */
export function writeConfig(path: string, config: MosaicConfig): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, stringify(config), { mode: 0o600 });
  renameSync(tmp, path);
}

function checkConfig(raw: unknown, path: string): MosaicConfig {
  const bad = (why: string) => new CliError(`${path}: ${why}`);
  if (typeof raw !== 'object' || Array.isArray(raw)) throw bad('expected a mapping with currentContext and contexts');
  const { currentContext, contexts = [] } = raw as { currentContext?: unknown; contexts?: unknown };
  if (currentContext !== undefined && typeof currentContext !== 'string') throw bad('currentContext must be a string');
  if (!Array.isArray(contexts)) throw bad('contexts must be a list');
  const checked = contexts.map((c: unknown, i): MosaicContext => {
    const ctx = c as Partial<Record<keyof MosaicContext, unknown>> | null;
    if (typeof ctx?.name !== 'string' || typeof ctx.server !== 'string') throw bad(`contexts[${i}] needs a name and a server`);
    for (const key of ['token', 'namespace'] as const) {
      if (ctx[key] !== undefined && typeof ctx[key] !== 'string') throw bad(`contexts[${i}].${key} must be a string`);
    }
    if (ctx.tls !== undefined) {
      const tls = ctx.tls as Record<string, unknown> | null;
      if (typeof tls !== 'object' || tls === null || Object.values(tls).some((v) => typeof v !== 'string')) throw bad(`contexts[${i}].tls must map ca, cert and key to file paths`);
    }
    return ctx as MosaicContext;
  });
  return { ...(currentContext ? { currentContext } : {}), contexts: checked };
}
