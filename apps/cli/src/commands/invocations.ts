import type { InvocationState } from '@mosaic/sdk';
import { Command, Option } from 'commander';
import { INVOCATION_LIST_FORMATS, renderInvocation, renderInvocations, type InvocationListFormat } from '../output/render-invocations.js';
import { connectionFor, withClient } from '../runtime/global-options.js';

const STATES: InvocationState[] = ['queued', 'running', 'succeeded', 'failed', 'dead-lettered'];

interface ListOptions {
  namespace?: string;
  state?: InvocationState;
  limit: string;
  output: InvocationListFormat;
}

/** `mosaic invocations list|get|retry`: a function's invocations, one invocation, a dead letter's replay. */
export function invocationsCommand(): Command {
  const invocations = new Command('invocations').description("functions' invocations: list, get, retry dead letters");
  invocations.addCommand(
    new Command('list')
      .description("a function's invocations, newest first")
      .argument('<name>', 'the function workload')
      .option('-n, --namespace <namespace>', 'namespace of the workload')
      .addOption(new Option('--state <state>', 'only invocations in this state').choices(STATES))
      .option('--limit <n>', 'at most this many', '100')
      .addOption(new Option('-o, --output <format>', 'output format').choices(INVOCATION_LIST_FORMATS).default('table'))
      .action(async (name: string, opts: ListOptions, cmd: Command) => {
        const namespace = opts.namespace ?? connectionFor(cmd).namespace;
        await withClient(cmd, async (client) => {
          const page = await client.listInvocations(name, { namespace, limit: Number(opts.limit) || 100, ...(opts.state ? { state: opts.state } : {}) });
          process.stdout.write(renderInvocations(page.items, opts.output, new Date()));
          if (!page.items.length && (opts.output === 'table' || opts.output === 'wide')) process.stderr.write(`No invocations found for ${namespace}/${name}.\n`);
        });
      }),
  );
  invocations.addCommand(
    new Command('get')
      .description('one invocation by id: state, attempts, input, output or error')
      .argument('<id>', 'the invocation id')
      .addOption(new Option('-o, --output <format>', 'output format').choices(['yaml', 'json']).default('yaml'))
      .action(async (id: string, opts: { output: 'json' | 'yaml' }, cmd: Command) => {
        await withClient(cmd, async (client) => process.stdout.write(renderInvocation(await client.getInvocation(id), opts.output)));
      }),
  );
  invocations.addCommand(
    new Command('retry')
      .description('replay a dead-lettered invocation (same id, attempts reset) on the current revision')
      .argument('<id>', 'the invocation id')
      .action(async (id: string, _opts: unknown, cmd: Command) => {
        await withClient(cmd, async (client) => {
          const inv = await client.retryInvocation(id);
          process.stdout.write(`invocation ${inv.id} re-queued on revision ${inv.revision}\n`);
        });
      }),
  );
  return invocations;
}
