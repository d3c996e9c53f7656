import { Command, Option } from 'commander';
import { isNotFound, type MosaicClient } from '@mosaic/sdk';
import { CliError } from '../errors/cli-error.js';
import { loadFromPaths } from '../input/load-from-paths.js';
import { formatError } from '../output/format-error.js';
import { workloadRef } from '../output/workload-name.js';
import { collect, connectionFor, withClient } from '../runtime/global-options.js';

interface DeleteOptions {
  filename: string[];
  namespace?: string;
  ignoreNotFound?: boolean;
  dryRun: 'none' | 'server';
}

export function deleteCommand(): Command {
  return new Command('delete')
    .description('delete workloads by name, or those described in files')
    .argument('[names...]', 'workload names')
    .option('-f, --filename <path>', 'delete the workloads these files describe; repeatable', collect, [])
    .option('-n, --namespace <namespace>', 'namespace of the named workloads (or for documents that name none)')
    .option('--ignore-not-found', 'treat "not found" as success')
    .addOption(new Option('--dry-run <mode>', 'server: check the delete would succeed, delete nothing').choices(['none', 'server']).default('none'))
    .action(async (names: string[], opts: DeleteOptions, cmd: Command) => {
      if (names.length && opts.filename.length) throw new CliError('give names or -f, not both');
      if (!names.length && !opts.filename.length) throw new CliError('give the names of workloads to delete, or -f');
      const fallback = connectionFor(cmd).namespace;
      const targets = names.length
        ? names.map((name) => ({ namespace: opts.namespace ?? fallback, name }))
        : (await loadFromPaths(opts.filename, { ...(opts.namespace ? { explicit: opts.namespace } : {}), fallback })).map((d) => d.workload.metadata);
      await withClient(cmd, (client) => deleteAll(client, targets, opts));
    });
}

async function deleteAll(client: MosaicClient, targets: { namespace: string; name: string }[], opts: DeleteOptions): Promise<void> {
  const dryRun = opts.dryRun === 'server';
  let failed = 0;
  for (const t of targets) {
    try {
      await client.delete(t.namespace, t.name, { dryRun });
      process.stdout.write(`${workloadRef(t)} deleted${dryRun ? ' (server dry run)' : ''}\n`);
    } catch (err) {
      if (isNotFound(err) && opts.ignoreNotFound) continue;
      failed++;
      process.stderr.write(`${formatError(err)}\n`);
    }
  }
  if (failed) throw new CliError(`${failed} of ${targets.length} delete(s) failed`, 1, true);
}
