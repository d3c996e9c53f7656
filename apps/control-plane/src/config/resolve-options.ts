import { homedir } from 'node:os';
import { join } from 'node:path';
import { MIB, type ControlPlaneOptions, type ResolvedControlPlaneOptions } from './control-plane-options.js';
import { readConfigFile } from './read-config-file.js';
import { readEnv } from './read-env.js';
import { CONFIG_FILE_ENV } from './option-table.js';
import type { CommandLine } from './read-flags.js';

/** The documented defaults (see the TSDoc of {@link ControlPlaneOptions}). */
export function defaultOptions(home = homedir()): ResolvedControlPlaneOptions {
  return {
    stateDir: join(home, '.mosaic', 'state'),
    listen: '127.0.0.1:7070',
    logLevel: 'info',
    maxReceiveMessageBytes: 4 * MIB,
    maxSendMessageBytes: 4 * MIB,
    shutdownTimeoutSeconds: 10,
    defaultBookmarkIntervalSeconds: 10,
    reconcile: true,
    redisUrl: '',
    httpListen: '127.0.0.1:7080',
    resyncIntervalSeconds: 30,
    nodeLostGraceSeconds: 30,
    revisionHistoryLimit: 10,
    nodeHeartbeatTimeoutSeconds: 15,
  };
}

/** Fills unset fields with defaults and expands a leading `~` in `stateDir`. */
export function withDefaults(options: ControlPlaneOptions, home = homedir()): ResolvedControlPlaneOptions {
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as ControlPlaneOptions;
  const merged = { ...defaultOptions(home), ...defined };
  return { ...merged, stateDir: expandHome(merged.stateDir, home) };
}

function expandHome(path: string, home: string): string {
  return path === '~' ? home : path.startsWith('~/') ? join(home, path.slice(2)) : path;
}

/**
 * Merges the bin's sources with precedence flags > environment > config file > defaults.
 * The config file is `--config FILE`, else `$MOSAIC_CONTROL_PLANE_CONFIG`, else none.
 */
export function resolveOptions(commandLine: CommandLine, env: Readonly<Record<string, string | undefined>>, home = homedir()): ResolvedControlPlaneOptions {
  const configFile = commandLine.configFile ?? (env[CONFIG_FILE_ENV] || undefined);
  const fromFile = configFile ? readConfigFile(configFile) : {};
  const fromEnv = readEnv(env);
  return withDefaults({ ...fromFile, ...fromEnv, ...commandLine.options }, home);
}
