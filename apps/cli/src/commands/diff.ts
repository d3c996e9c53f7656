import { Command } from 'commander';
import { isNotFound } from '@mosaic/sdk';
import { CliError } from '../errors/cli-error.js';
import { loadFromPaths } from '../input/load-from-paths.js';
import { formatError } from '../output/format-error.js';
import { workloadDiff } from '../output/workload-diff.js';
import { collect, connectionFor, withClient } from '../runtime/global-options.js';

interface DiffOptions {
  filename: string[];
  namespace?: string;
}

/** kubectl's contract: 0 no differences, 1 differences, >1 the diff itself failed. */
const EXIT_DIFFERENT = 1;
const EXIT_ERROR = 2;

export function diffCommand(): Command {
  return new Command('diff')
    .description('show what apply would change: live objects vs. the server\'s dry run (exit 0 same, 1 different, 2 error)')
    .option('-f, --filename <path>', 'file, directory or - (stdin); repeatable', collect, [])
    .option('-n, --namespace <namespace>', 'namespace for documents that name none')
    .action(async (opts: DiffOptions, cmd: Command) => {
      try {
        const documents = await loadFromPaths(opts.filename, { ...(opts.namespace ? { explicit: opts.namespace } : {}), fallback: connectionFor(cmd).namespace }, EXIT_ERROR);
        let different = false;
        await withClient(cmd, async (client) => {
          for (const d of documents) {
            const { namespace, name } = d.workload.metadata;
            const merged = (await client.apply(d.workload, { dryRun: true })).workload;
            const live = await client.get(namespace, name).catch((err: unknown) => {
              if (isNotFound(err)) return undefined;
              throw err;
            });
            const patch = workloadDiff(live, merged);
            if (patch) {
              process.stdout.write(patch);
              different = true;
            }
          }
        });
        if (different) process.exitCode = EXIT_DIFFERENT;
      } catch (err) {
        if (err instanceof CliError) throw new CliError(err.message, EXIT_ERROR, err.silent);
        process.stderr.write(formatError(err) + '\n');
        throw new CliError('diff failed', EXIT_ERROR, true);
      }
    });
}
