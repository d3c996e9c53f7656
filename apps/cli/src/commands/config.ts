import { resolve } from 'node:path';
import { Command } from 'commander';
import { stringify } from 'yaml';
import { configPath, readConfig, writeConfig } from '../config/config-file.js';
import type { MosaicContext } from '../config/mosaic-config.js';
import { CliError } from '../errors/cli-error.js';
import { renderTable } from '../output/table.js';

interface SetContextOptions {
  server?: string;
  token?: string;
  namespace?: string;
  current?: boolean;
  tls?: boolean;
  certificateAuthority?: string;
  clientCertificate?: string;
  clientKey?: string;
}

/** TLS settings from set-context flags merged over the existing ones; undefined when TLS is not asked for. */
function tlsFrom(opts: SetContextOptions, existing: MosaicContext['tls']): MosaicContext['tls'] {
  const given = {
    ...(opts.certificateAuthority ? { ca: resolve(opts.certificateAuthority) } : {}),
    ...(opts.clientCertificate ? { cert: resolve(opts.clientCertificate) } : {}),
    ...(opts.clientKey ? { key: resolve(opts.clientKey) } : {}),
  };
  if (!opts.tls && !Object.keys(given).length) return existing;
  return { ...existing, ...given };
}

/** `mosaic config …`: edit the contexts file (`$MOSAIC_CONFIG` or `~/.mosaic/config`), kubeconfig-style. */
export function configCommand(): Command {
  const config = new Command('config').description(`edit the CLI's contexts (file: $MOSAIC_CONFIG or ~/.mosaic/config)`);

  config
    .command('set-context')
    .description('create or update a context from --server, --token and --namespace; the first context becomes current')
    .argument('<name>')
    // --server and --token are the program's global flags (commander gives them to the
    // root even after the subcommand), so they are read with optsWithGlobals below.
    .option('--namespace <namespace>', 'default namespace for commands without -n')
    .option('--current', 'also make it the current context')
    .option('--tls', 'connect with TLS (system roots unless --certificate-authority)')
    .option('--certificate-authority <file>', 'PEM file of the CA that signed the server certificate (implies --tls)')
    .option('--client-certificate <file>', 'PEM client certificate for mutual TLS (implies --tls)')
    .option('--client-key <file>', 'PEM key of the client certificate')
    .action((name: string, _local: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<SetContextOptions>();
      const path = configPath();
      const file = readConfig(path);
      const existing = file.contexts.find((c) => c.name === name);
      if (!existing && !opts.server) throw new CliError(`context "${name}" is new: --server is required`);
      const updated: MosaicContext = {
        ...existing,
        name,
        server: opts.server ?? existing!.server,
        ...(opts.token !== undefined ? { token: opts.token } : {}),
        ...(opts.namespace !== undefined ? { namespace: opts.namespace } : {}),
      };
      const tls = tlsFrom(opts, existing?.tls);
      if (tls) updated.tls = tls;
      file.contexts = existing ? file.contexts.map((c) => (c === existing ? updated : c)) : [...file.contexts, updated];
      if (opts.current || !file.currentContext) file.currentContext = name;
      writeConfig(path, file);
      process.stdout.write(`Context "${name}" ${existing ? 'modified' : 'created'}.\n`);
    });

  config
    .command('use-context')
    .description('make a context the current one')
    .argument('<name>')
    .action((name: string) => {
      const path = configPath();
      const file = readConfig(path);
      if (!file.contexts.some((c) => c.name === name)) throw new CliError(`no context exists with the name: "${name}"`);
      file.currentContext = name;
      writeConfig(path, file);
      process.stdout.write(`Switched to context "${name}".\n`);
    });

  config
    .command('delete-context')
    .argument('<name>')
    .action((name: string) => {
      const path = configPath();
      const file = readConfig(path);
      if (!file.contexts.some((c) => c.name === name)) throw new CliError(`no context exists with the name: "${name}"`);
      file.contexts = file.contexts.filter((c) => c.name !== name);
      if (file.currentContext === name) delete file.currentContext;
      writeConfig(path, file);
      process.stdout.write(`Deleted context "${name}".\n`);
    });

  config
    .command('current-context')
    .action(() => {
      const current = readConfig(configPath()).currentContext;
      if (!current) throw new CliError('current-context is not set');
      process.stdout.write(`${current}\n`);
    });

  config
    .command('get-contexts')
    .description('list contexts; * marks the current one')
    .action(() => {
      const file = readConfig(configPath());
      const rows = file.contexts.map((c) => [c.name === file.currentContext ? '*' : '', c.name, c.server, c.namespace ?? '']);
      process.stdout.write(renderTable(['CURRENT', 'NAME', 'SERVER', 'NAMESPACE'], rows).join('\n') + '\n');
    });

  config
    .command('view')
    .description('print the config file (tokens redacted unless --raw)')
    .option('--raw', 'show tokens')
    .action((opts: { raw?: boolean }) => {
      const file = readConfig(configPath());
      const shown = opts.raw ? file : { ...file, contexts: file.contexts.map((c) => (c.token ? { ...c, token: 'REDACTED' } : c)) };
      process.stdout.write(stringify(shown));
    });

  return config;
}
