import { CliError } from '../errors/cli-error.js';
import { DEFAULT_NAMESPACE, DEFAULT_SERVER, type MosaicConfig } from './mosaic-config.js';

/** Where and as whom the CLI connects, after every source has had its say. */
export interface Connection {
  server: string;
  token?: string;
  /** Namespace for commands given no `-n`. */
  namespace: string;
  /** Which context supplied the settings, if any. */
  context?: string;
  /** TLS file paths from the context; absent means plaintext. */
  tls?: { ca?: string; cert?: string; key?: string };
}

export interface ConnectionSources {
  flags: { server?: string; token?: string; context?: string };
  env: NodeJS.ProcessEnv;
  config: MosaicConfig;
}

/**
 * Precedence, highest first: flag, environment (`MOSAIC_SERVER`, `MOSAIC_TOKEN`), the
 * current context of the config file (or the one `--context` names), the built-in
 * default `127.0.0.1:7070`.
 */
export function resolveConnection({ flags, env, config }: ConnectionSources): Connection {
  const contextName = flags.context ?? config.currentContext;
  const context = contextName ? config.contexts.find((c) => c.name === contextName) : undefined;
  if (flags.context && !context) throw new CliError(`context "${flags.context}" not found in the config file`);
  const server = flags.server || env['MOSAIC_SERVER'] || context?.server || DEFAULT_SERVER;
  const token = flags.token || env['MOSAIC_TOKEN'] || context?.token;
  return {
    server,
    namespace: context?.namespace || DEFAULT_NAMESPACE,
    ...(token ? { token } : {}),
    ...(context ? { context: context.name } : {}),
    ...(context?.tls ? { tls: context.tls } : {}),
  };
}
