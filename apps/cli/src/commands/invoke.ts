import { Command, Option } from 'commander';
import { parseDuration } from '../config/parse-duration.js';
import { CliError } from '../errors/cli-error.js';
import { readInvokeData } from '../input/read-invoke-data.js';
import { renderInvocation } from '../output/render-invocations.js';
import { connectionFor, withClient } from '../runtime/global-options.js';

interface InvokeOptions {
  namespace?: string;
  data?: string;
  async?: boolean;
  idempotencyKey?: string;
  timeout: string;
  output?: 'json' | 'yaml';
}

/**
 * `mosaic invoke NAME`: runs a function. Sync by default: prints the handler's output as JSON
 * (or the whole invocation with `-o json|yaml`); a handler that failed every attempt exits 1
 * with its error. `--async` prints the invocation id at once. A sync call that outlives
 * `--timeout` exits 1 naming the invocation id, which keeps running (`mosaic invocations get ID`).
 */
export function invokeCommand(): Command {
  return new Command('invoke')
    .description('invoke a function (sync: prints its output; --async: prints the invocation id)')
    .argument('<name>', 'the function workload')
    .option('-n, --namespace <namespace>', 'namespace of the workload')
    .option('-d, --data <json>', "input: inline JSON, @file.json, or @- for stdin")
    .option('--async', 'return the invocation id without waiting for the result')
    .option('--idempotency-key <key>', 'a repeated key returns the first invocation instead of running again')
    .option('--timeout <duration>', 'how long a sync invocation may take, e.g. 30s', '30s')
    .addOption(new Option('-o, --output <format>', 'print the whole invocation').choices(['json', 'yaml']))
    .action(async (name: string, opts: InvokeOptions, cmd: Command) => {
      const input = readInvokeData(opts.data);
      const namespace = opts.namespace ?? connectionFor(cmd).namespace;
      const deadlineMs = parseDuration(opts.timeout);
      const options = { namespace, deadlineMs, ...(opts.idempotencyKey ? { idempotencyKey: opts.idempotencyKey } : {}) };
      await withClient(cmd, async (client) => {
        const inv = opts.async ? await client.invokeAsync(name, input, options) : await client.invoke(name, input, options);
        if (opts.output) process.stdout.write(renderInvocation(inv, opts.output));
        else if (opts.async) process.stdout.write(`${inv.id}\n`);
        else if (inv.state === 'succeeded') process.stdout.write(JSON.stringify(inv.output ?? null, null, 2) + '\n');
        if (!opts.async && inv.state !== 'succeeded') {
          throw new CliError(`invocation ${inv.id} ${inv.state} after ${inv.attempts} attempt(s): ${inv.error ?? 'no error recorded'} (replay it with: mosaic invocations retry ${inv.id})`);
        }
      });
    });
}
