import { Command, Option } from 'commander';
import type { MosaicClient, Workload } from '@mosaic/sdk';
import { CliError } from '../errors/cli-error.js';
import { OUTPUT_FORMATS, renderWorkloads, type OutputFormat } from '../output/render-workloads.js';
import { connectionFor, withClient } from '../runtime/global-options.js';
import { watchWorkloads } from './get-watch.js';

export interface GetOptions {
  namespace?: string;
  allNamespaces?: boolean;
  selector?: string;
  runtime?: string;
  output: OutputFormat;
  watch?: boolean;
  outputWatchEvents?: boolean;
}

export function getCommand(): Command {
  return new Command('get')
    .description('list workloads, or show one by name')
    .argument('[name]', 'a workload name')
    .option('-n, --namespace <namespace>', 'namespace to look in')
    .option('-A, --all-namespaces', 'list across all namespaces')
    .option('-l, --selector <selector>', 'label selector, e.g. app=web,tier in (a,b),!legacy')
    .option('--runtime <runtime>', 'only this runtime (service, function, ebpf, wasm)')
    .addOption(new Option('-o, --output <format>', 'output format').choices(OUTPUT_FORMATS).default('table'))
    .option('-w, --watch', 'after listing, keep printing changes as they happen')
    .option('--output-watch-events', 'with --watch: lead each row with the event type')
    .action(async (name: string | undefined, opts: GetOptions, cmd: Command) => {
      if (name && opts.allNamespaces) throw new CliError('a name cannot be combined with -A: give -n instead');
      const namespace = opts.allNamespaces ? undefined : (opts.namespace ?? connectionFor(cmd).namespace);
      await withClient(cmd, async (client) => {
        const { items, resourceVersion } = await fetch(client, name, namespace, opts);
        if (opts.watch) return watchWorkloads(client, { name, namespace, resourceVersion, initial: items, opts });
        const out = renderWorkloads(items, { format: opts.output, allNamespaces: Boolean(opts.allNamespaces), single: Boolean(name), resourceVersion, now: new Date() });
        process.stdout.write(out);
        if (!items.length && ['table', 'wide'].includes(opts.output)) {
          process.stderr.write(namespace ? `No resources found in ${namespace} namespace.\n` : 'No resources found\n');
        }
      });
    });
}

async function fetch(client: MosaicClient, name: string | undefined, namespace: string | undefined, opts: GetOptions): Promise<{ items: Workload[]; resourceVersion: string }> {
  const filter = { ...(namespace ? { namespace } : {}), ...(opts.selector ? { labelSelector: opts.selector } : {}), ...(opts.runtime ? { runtime: opts.runtime } : {}) };
  if (!name) return client.listAll(filter);
  if (!opts.watch) return { items: [await client.get(namespace!, name)], resourceVersion: '' };
  // A watch needs the list's revision to start from; the name is filtered here.
  const list = await client.listAll(filter);
  const items = list.items.filter((w) => w.metadata.name === name);
  if (!items.length) await client.get(namespace!, name); // NOT_FOUND, as without --watch
  return { items, resourceVersion: list.resourceVersion };
}
