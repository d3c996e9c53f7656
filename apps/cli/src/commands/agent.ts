import { Command } from 'commander';
import { connectionFor } from '../runtime/global-options.js';
import { loadAgentApp } from '../runtime/embedded-apps.js';
import { waitForSignal } from '../runtime/wait-for-signal.js';

interface AgentCommandOptions {
  nodeName?: string;
  labels?: string;
  stateDir?: string;
  baseDir?: string;
  capacityCpu?: string;
  capacityMemory?: string;
  allowBpf?: boolean;
  metricsListen?: string;
  allowUnsandboxedWasm?: boolean;
  logLevel?: string;
}

/**
 * `mosaic agent`: a node agent in the foreground. It connects to the control plane given by
 * the global `--server` (else MOSAIC_SERVER, else the current context), registers the node and
 * runs what it is assigned. Ctrl-C lets go of the instances without stopping them; the next
 * agent on the same state dir adopts them.
 */
export function agentCommand(): Command {
  return new Command('agent')
    .description('run a node agent in the foreground (joins the control plane given by --server)')
    .option('--node-name <name>', 'the Node name, a DNS-1123 label (default: the host name)')
    .option('--labels <k=v,...>', 'node labels, e.g. zone=a,env=dev')
    .option('--state-dir <dir>', 'instance records, private dirs and logs (default ~/.mosaic/agent)')
    .option('--base-dir <dir>', 'relative paths in workload specs resolve here (default: the working directory)')
    .option('--capacity-cpu <qty>', 'cpu to offer, e.g. 4 or 3500m (default: all cores)')
    .option('--capacity-memory <qty>', 'memory to offer, e.g. 8Gi (default: all memory)')
    .option('--allow-bpf', 'allow loading eBPF programs (needs root or CAP_BPF+CAP_PERFMON, tracefs and bpffs)')
    .option('--metrics-listen <host:port>', 'serve Prometheus metrics on http://HOST:PORT/metrics (port 0: any free port; default off)')
    .option('--allow-unsandboxed-wasm', 'run Wasm without bubblewrap when it is missing (trusted modules only)')
    .option('--log-level <level>', 'fatal|error|warn|info|debug|trace|silent', 'info')
    .action(async (opts: AgentCommandOptions, cmd: Command) => {
      const { startAgent, agentOptionsFromFlags } = await loadAgentApp();
      const options = agentOptionsFromFlags({ ...opts, server: connectionFor(cmd).server });
      const agent = await startAgent(options);
      process.stdout.write(`Mosaic agent ${agent.nodeName} started: control plane ${options.server}, state in ${agent.stateDir}\n`);
      if (agent.metricsAddress) process.stdout.write(`Metrics on http://${agent.metricsAddress}/metrics\n`);
      await waitForSignal();
      await agent.stop();
    });
}
