import { Command } from 'commander';
import { agentCommand } from './commands/agent.js';
import { applyCommand } from './commands/apply.js';
import { configCommand } from './commands/config.js';
import { deleteCommand } from './commands/delete.js';
import { describeCommand } from './commands/describe.js';
import { diffCommand } from './commands/diff.js';
import { getCommand } from './commands/get.js';
import { invocationsCommand } from './commands/invocations.js';
import { invokeCommand } from './commands/invoke.js';
import { logsCommand } from './commands/logs.js';
import { nodesCommand } from './commands/nodes.js';
import { probeCommand } from './commands/probe.js';
import { rolloutCommand } from './commands/rollout.js';
import { serverCommand } from './commands/server.js';
import { upCommand } from './commands/up.js';
import { clientVersion, versionCommand } from './commands/version.js';

/** The `mosaic` command tree. Global flags are inherited by every subcommand. */
export function createProgram(): Command {
  const program = new Command('mosaic')
    .description('Mosaic: one control plane for services, functions, eBPF probes and WebAssembly modules')
    .version(clientVersion(), '--version', 'print the client version')
    .option('-s, --server <address>', 'control plane address, host:port (env MOSAIC_SERVER; default from the current context, else 127.0.0.1:7070)')
    .option('--token <token>', 'bearer token (env MOSAIC_TOKEN)')
    .option('--context <name>', 'use this context of the config file instead of the current one')
    .option('--request-timeout <duration>', 'deadline of each request, e.g. 5s (default 10s)')
    .showHelpAfterError('(run with --help for usage)')
    .enablePositionalOptions(false);
  for (const make of [applyCommand, diffCommand, getCommand, describeCommand, deleteCommand, versionCommand, configCommand, serverCommand]) {
    program.addCommand(make());
  }
  for (const make of [upCommand, agentCommand, nodesCommand, logsCommand, probeCommand]) {
    program.addCommand(make());
  }
  for (const make of [invokeCommand, invocationsCommand]) program.addCommand(make());
  program.addCommand(rolloutCommand());
  return program;
}
