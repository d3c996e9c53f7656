import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { formatError } from '../output/format-error.js';
import { withClient } from '../runtime/global-options.js';

/** The CLI's own version, from its package.json (one level above both src/ and dist/). */
export function clientVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? 'unknown';
}

/**
 * The API has no version call yet, so the server line says whether the server answers
 * the standard gRPC health check; the exit code stays 0 either way, as a client-side
 * report should.
 */
export function versionCommand(): Command {
  return new Command('version')
    .description('print the client version and whether the server answers')
    .option('--client', 'client version only; do not contact the server')
    .action(async (opts: { client?: boolean }, cmd: Command) => {
      process.stdout.write(`Client Version: ${clientVersion()}\n`);
      if (opts.client) return;
      await withClient(cmd, async (client) => {
        const state = await client.checkHealth({ deadlineMs: 3000 }).catch((err: unknown) => `unreachable (${formatError(err).replace(/^error: /, '')})`);
        process.stdout.write(`Server: ${client.address} ${state}\n`);
      });
    });
}
