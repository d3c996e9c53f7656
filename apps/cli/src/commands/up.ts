import { hostname, homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { MosaicClient } from '@mosaic/sdk';
import { CliError } from '../errors/cli-error.js';
import { loadFromPaths } from '../input/load-from-paths.js';
import { formatError } from '../output/format-error.js';
import { renderNodes } from '../output/render-nodes.js';
import { renderWorkloads } from '../output/render-workloads.js';
import { workloadRef } from '../output/workload-name.js';
import { collect } from '../runtime/global-options.js';
import { loadAgentApp, loadControlPlaneApp } from '../runtime/embedded-apps.js';
import { waitForSignal } from '../runtime/wait-for-signal.js';

interface UpOptions {
  stateDir?: string;
  listen?: string;
  apply: string[];
  nodeName?: string;
  labels?: string;
  allowBpf?: boolean;
  metricsListen: string;
  logLevel: string;
  httpListen?: string;
}

/** The embedded default lets its agent load eBPF when `up` runs as root (see `--allow-bpf`). */
export function upAllowsBpf(flag: boolean | undefined, uid: number | undefined): boolean {
  return flag ?? uid === 0;
}

/** How long `up` waits for its own agent to register before it gives up. */
const REGISTER_TIMEOUT_MS = 15_000;

/**
 * `mosaic up`: the embedded default in one process — the control plane (SQLite state, the
 * reconciler and its private Redis) plus one in-process agent for this machine — optionally
 * applies files, prints where the API listens and what runs, and stays in the foreground until
 * SIGINT/SIGTERM. Shutdown is graceful: the agent lets go of its instances (they keep running
 * and are adopted by the next `up`), then the control plane stops.
 *
 * The first stdout line is the control plane's own, `Mosaic control plane listening on ADDR`,
 * so scripts read both the same way.
 */
export function upCommand(): Command {
  return new Command('up')
    .description('run Mosaic on this machine: control plane + a local agent, in the foreground')
    .option('--state-dir <dir>', 'state of the control plane (the agent uses DIR/agent)', join(homedir(), '.mosaic', 'state'))
    .option('--listen <host:port>', 'gRPC listen address', '127.0.0.1:7070')
    .option('--apply <path>', 'apply these files or directories once up; repeatable', collect, [])
    .option('--node-name <name>', 'name of the local node (default: the host name)')
    .option('--labels <k=v,...>', 'labels of the local node', 'zone=local')
    .option('--allow-bpf', 'let the local agent load eBPF probes (default: when running as root)')
    .option('--no-allow-bpf', 'never load eBPF probes, even as root')
    .option('--metrics-listen <host:port>', "the local agent's Prometheus endpoint; off to disable", '127.0.0.1:0')
    .option('--log-level <level>', 'log level of control plane and agent (JSON lines on stderr)', 'warn')
    .option('--http-listen <host:port>', 'the functions HTTP gateway (POST /v1/functions/NS/NAME) [127.0.0.1:7080]')
    .action(async (opts: UpOptions) => {
      const [{ startControlPlane, LOG_LEVELS }, { startAgent, agentOptionsFromFlags, nodeNameFromHostname }] = await Promise.all([loadControlPlaneApp(), loadAgentApp()]);
      const logLevel = LOG_LEVELS.find((l) => l === opts.logLevel);
      if (!logLevel) throw new CliError(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);
      const stateDir = resolve(opts.stateDir ?? join(homedir(), '.mosaic', 'state'));
      const controlPlane = await startControlPlane({ stateDir, listen: opts.listen ?? '127.0.0.1:7070', logLevel, ...(opts.httpListen ? { httpListen: opts.httpListen } : {}) });
      process.stdout.write(`Mosaic control plane listening on ${controlPlane.address}\n`);
      const agentOptions = agentOptionsFromFlags({
        server: controlPlane.address,
        nodeName: opts.nodeName ?? nodeNameFromHostname(hostname()),
        ...(opts.labels ? { labels: opts.labels } : {}),
        stateDir: join(stateDir, 'agent'),
        baseDir: process.cwd(),
        allowBpf: upAllowsBpf(opts.allowBpf, process.getuid?.()),
        ...(opts.metricsListen !== 'off' ? { metricsListen: opts.metricsListen } : {}),
      });
      const agent = await startAgent({ ...agentOptions, logger: controlPlane.logger.child({ component: 'agent' }) });
      const client = new MosaicClient({ address: controlPlane.address });
      try {
        await Promise.race([
          agent.whenRegistered(),
          new Promise((_, reject) => setTimeout(() => reject(new CliError(`the local agent did not register within ${REGISTER_TIMEOUT_MS / 1000}s`)), REGISTER_TIMEOUT_MS).unref()),
        ]);
        for (const path of opts.apply) await applyPath(client, path);
        if (opts.apply.length) await settle(client);
        process.stdout.write(await statusTable(client));
        process.stdout.write(
          `\nMosaic is up: API on ${controlPlane.address}, state in ${stateDir}, node ${agent.nodeName}` +
            `${agent.metricsAddress ? `, metrics on http://${agent.metricsAddress}/metrics` : ''}` +
            `${controlPlane.httpAddress ? `, functions on http://${controlPlane.httpAddress}/v1/functions/NS/NAME` : ''}` +
            `${agentOptions.allowBpf ? '' : ' (eBPF probes not allowed: run as root or with --allow-bpf)'}.\n` +
            `Try: npx mosaic --server ${controlPlane.address} get -A   (Ctrl-C stops Mosaic; running instances are kept)\n`,
        );
        await waitForSignal();
      } finally {
        client.close();
        await agent.stop();
        await controlPlane.stop();
      }
    });
}

/** Applies one path; problems are reported and the platform stays up (it is useful without them). */
async function applyPath(client: MosaicClient, path: string): Promise<void> {
  try {
    const documents = await loadFromPaths([path], { fallback: 'default' });
    for (const d of documents) {
      const { workload, result } = await client.apply(d.workload);
      process.stdout.write(`${workloadRef(workload.metadata)} ${result}\n`);
    }
  } catch (err) {
    process.stderr.write(`${formatError(err)} (while applying ${path}; Mosaic stays up)\n`);
  }
}

/** How long the status table waits for freshly applied workloads to be reconciled once. */
const SETTLE_MS = 5000;

/** Waits (briefly) until every workload has been reconciled at its generation, so the table shows more than Pending. */
async function settle(client: MosaicClient): Promise<void> {
  const deadline = Date.now() + SETTLE_MS;
  while (Date.now() < deadline) {
    const { items } = await client.listAll();
    if (items.every((w) => (w.status?.observedGeneration ?? 0) >= (w.metadata.generation ?? 0))) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function statusTable(client: MosaicClient): Promise<string> {
  const now = new Date();
  const [{ items: workloads }, { items: nodes }] = await Promise.all([client.listAll(), client.listNodes()]);
  const w = renderWorkloads(workloads, { format: 'table', allNamespaces: true, single: false, now });
  const n = renderNodes(nodes, 'table', now);
  return `\n${n}${w ? `\n${w}` : ''}`;
}
