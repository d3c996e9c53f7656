import { Command } from 'commander';
import { connectionFor } from '../runtime/global-options.js';
import { AGENT_FLAGS, loadAgentApp, type AgentFlagValues } from '../runtime/embedded-apps.js';
import { waitForSignal } from '../runtime/wait-for-signal.js';

/**
 * `mosaic agent`: a node agent in the foreground. It connects to the control plane given by
 * the global `--server` (else MOSAIC_SERVER, else the current context), registers the node and
 * runs what it is assigned. Ctrl-C lets go of the instances without stopping them; the next
 * agent on the same state dir adopts them.
 */
export function agentCommand(): Command {
  const command = new Command('agent').description('run a node agent in the foreground (joins the control plane given by --server)');
  // The server comes from the CLI's global --server / context, so the agent's own flag is left out.
  for (const f of AGENT_FLAGS) {
    if (f.key !== 'server') command.option(`--${f.flag}${f.arg ? ` <${f.arg.toLowerCase()}>` : ''}`, f.help);
  }
  return command
    .action(async (opts: AgentFlagValues, cmd: Command) => {
      const { startAgent, agentOptionsFromFlags } = await loadAgentApp();
      const options = agentOptionsFromFlags({ ...opts, server: connectionFor(cmd).server });
      const agent = await startAgent(options);
      process.stdout.write(`Mosaic agent ${agent.nodeName} started: control plane ${options.server}, state in ${agent.stateDir}\n`);
      if (agent.metricsAddress) process.stdout.write(`Metrics on http://${agent.metricsAddress}/metrics\n`);
      await waitForSignal();
      await agent.stop();
    });
}
