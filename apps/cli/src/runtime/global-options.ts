import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { MosaicClient, type TlsOptions } from '@mosaic/sdk';
import { configPath, readConfig } from '../config/config-file.js';
import { parseDuration } from '../config/parse-duration.js';
import { resolveConnection, type Connection } from '../config/resolve-connection.js';

/** Options every command inherits from the root program. */
export interface GlobalOptions {
  server?: string;
  token?: string;
  context?: string;
  requestTimeout?: string;
}

/** The connection settings for this invocation (flag > env > config file > default). */
export function connectionFor(cmd: Command): Connection {
  const flags = cmd.optsWithGlobals<GlobalOptions>();
  return resolveConnection({
    flags: { ...(flags.server ? { server: flags.server } : {}), ...(flags.token ? { token: flags.token } : {}), ...(flags.context ? { context: flags.context } : {}) },
    env: process.env,
    config: readConfig(configPath()),
  });
}

/**
 * Runs `fn` with a client for this invocation and always closes it, so a finished
 * command exits instead of idling on an open channel.
 */
export async function withClient<T>(cmd: Command, fn: (client: MosaicClient, connection: Connection) => Promise<T>): Promise<T> {
  const connection = connectionFor(cmd);
  const { requestTimeout } = cmd.optsWithGlobals<GlobalOptions>();
  const client = new MosaicClient({
    address: connection.server,
    ...(connection.token ? { token: connection.token } : {}),
    ...(connection.tls ? { tls: readTls(connection.tls) } : {}),
    ...(requestTimeout ? { deadlineMs: parseDuration(requestTimeout) } : {}),
  });
  try {
    return await fn(client, connection);
  } finally {
    client.close();
  }
}

/** The context's TLS files, read; a missing file is reported with its path. */
function readTls(paths: NonNullable<Connection['tls']>): TlsOptions {
  const read = (path: string | undefined) => (path ? readFileSync(path) : undefined);
  const [ca, cert, key] = [read(paths.ca), read(paths.cert), read(paths.key)];
  return { ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}) };
}

/** Collects a repeatable option (`-f a -f b`) into an array. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
