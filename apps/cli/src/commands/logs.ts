import { Command } from 'commander';
import { CliError } from '../errors/cli-error.js';
import { LinePrefixer } from '../output/log-lines.js';
import { connectionFor, withClient } from '../runtime/global-options.js';

interface LogsOptions {
  namespace?: string;
  follow?: boolean;
  instance?: string;
  tail: string;
  prefix?: boolean;
}

/**
 * `mosaic logs NAME`: the output of a workload's instances (every instance, lines prefixed
 * with `[instance]`), or of one with `--instance`. `-f` keeps streaming until Ctrl-C or the
 * instances end.
 */
export function logsCommand(): Command {
  return new Command('logs')
    .description("print a workload's output (every instance, or one with --instance)")
    .argument('[name]', 'the workload (optional with --instance)')
    .option('-n, --namespace <namespace>', 'namespace of the workload')
    .option('-f, --follow', 'keep printing new output')
    .option('--instance <id>', 'only this instance (an id from `mosaic describe`)')
    .option('--tail <lines>', 'only the last N lines of each instance (-1: everything retained)', '-1')
    .option('--prefix', 'prefix lines with [instance] (default when printing a whole workload)')
    .option('--no-prefix', 'print lines as they are')
    .action(async (name: string | undefined, opts: LogsOptions, cmd: Command) => {
      if (!name && !opts.instance) throw new CliError('give a workload name, or --instance ID');
      const tail = Number(opts.tail);
      if (!Number.isInteger(tail) || tail < -1) throw new CliError(`--tail must be an integer >= -1, not "${opts.tail}"`);
      const prefix = opts.prefix ?? !opts.instance;
      const namespace = opts.namespace ?? connectionFor(cmd).namespace;
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        await withClient(cmd, async (client) => {
          const lines = new LinePrefixer();
          const stream = client.logs({
            namespace,
            ...(opts.instance ? { instance: opts.instance } : { workload: name! }),
            follow: opts.follow ?? false,
            ...(tail >= 0 ? { tailLines: tail } : {}),
            signal: stop.signal,
          });
          for await (const chunk of stream) process.stdout.write(prefix ? lines.push(chunk.instance, chunk.data) : chunk.data);
          if (prefix) process.stdout.write(lines.flush());
        });
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}
