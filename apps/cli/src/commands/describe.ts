import { Command } from 'commander';
import { CliError } from '../errors/cli-error.js';
import { describeWorkload } from '../output/describe-workload.js';
import { connectionFor, withClient } from '../runtime/global-options.js';

interface DescribeOptions {
  namespace?: string;
  selector?: string;
}

export function describeCommand(): Command {
  return new Command('describe')
    .description('show a workload in detail: metadata, spec, placement, rollout, conditions, instances')
    .argument('[name]', 'a workload name (omit to describe every match of -l in the namespace)')
    .option('-n, --namespace <namespace>', 'namespace to look in')
    .option('-l, --selector <selector>', 'describe every workload matching this label selector')
    .action(async (name: string | undefined, opts: DescribeOptions, cmd: Command) => {
      const namespace = opts.namespace ?? connectionFor(cmd).namespace;
      await withClient(cmd, async (client) => {
        const items = name
          ? [await client.get(namespace, name)]
          : (await client.listAll({ namespace, ...(opts.selector ? { labelSelector: opts.selector } : {}) })).items;
        if (!items.length) throw new CliError(`no workloads found in namespace ${namespace}`);
        const now = new Date();
        process.stdout.write(items.map((w) => describeWorkload(w, now)).join('\n'));
      });
    });
}
