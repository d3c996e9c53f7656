import { parseArgs } from 'node:util';
import { InvalidArgumentError } from '@mosaic/api';
import type { AgentOptions } from '../agent-options.js';
import { parseCpuCapacity, parseLabels, parseMemoryCapacity } from '../node/node-facts-parsing.js';

/** The agent's flags as strings, as both `mosaic-agent` and `mosaic agent` read them. */
export interface AgentFlagValues {
  server?: string;
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
  redisUrl?: string;
}

/** One row per flag: the `--help` text and the parser are driven by it. */
export const AGENT_FLAGS: readonly { flag: string; key: keyof AgentFlagValues; arg?: string; help: string }[] = [
  { flag: 'server', key: 'server', arg: 'ADDR', help: 'control plane address, host:port (env MOSAIC_SERVER) [127.0.0.1:7070]' },
  { flag: 'node-name', key: 'nodeName', arg: 'NAME', help: 'the Node name, a DNS-1123 label [the host name]' },
  { flag: 'labels', key: 'labels', arg: 'K=V,...', help: 'node labels, e.g. zone=a,env=dev' },
  { flag: 'state-dir', key: 'stateDir', arg: 'DIR', help: 'instance records, private dirs and logs [~/.mosaic/agent]' },
  { flag: 'base-dir', key: 'baseDir', arg: 'DIR', help: 'relative paths in workload specs resolve here [the working directory]' },
  { flag: 'capacity-cpu', key: 'capacityCpu', arg: 'QTY', help: 'cpu to offer, e.g. 4 or 3500m [all cores]' },
  { flag: 'capacity-memory', key: 'capacityMemory', arg: 'QTY', help: 'memory to offer, e.g. 8Gi [all memory]' },
  { flag: 'allow-bpf', key: 'allowBpf', help: 'allow loading eBPF programs (needs root or CAP_BPF+CAP_PERFMON, tracefs and bpffs)' },
  { flag: 'metrics-listen', key: 'metricsListen', arg: 'HOST:PORT', help: 'serve Prometheus metrics on http://HOST:PORT/metrics (port 0: any free port) [off]' },
  { flag: 'allow-unsandboxed-wasm', key: 'allowUnsandboxedWasm', help: 'run Wasm without bubblewrap when it is missing (trusted modules only)' },
  { flag: 'log-level', key: 'logLevel', arg: 'LEVEL', help: 'fatal|error|warn|info|debug|trace|silent [info]' },
  { flag: 'redis-url', key: 'redisUrl', arg: 'URL', help: "Redis of the function invocation queues (redis://, unix://) [the control plane's, sent at registration]" },
];

const LOG_LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/**
 * The typed options for {@link startAgent}. The server falls back to `MOSAIC_SERVER`, then
 * `127.0.0.1:7070`.
 * @throws InvalidArgumentError for bad labels, quantities or log level.
 */
export function agentOptionsFromFlags(values: AgentFlagValues, env: Readonly<Record<string, string | undefined>> = {}): AgentOptions {
  if (values.logLevel !== undefined && !LOG_LEVELS.has(values.logLevel)) {
    throw new InvalidArgumentError('invalid flags', [{ path: '--log-level', message: `must be one of ${[...LOG_LEVELS].join(', ')}` }]);
  }
  const capacity = {
    ...(values.capacityCpu !== undefined ? { cpuMillis: parseCpuCapacity(values.capacityCpu) } : {}),
    ...(values.capacityMemory !== undefined ? { memoryBytes: parseMemoryCapacity(values.capacityMemory) } : {}),
  };
  return {
    server: values.server || env['MOSAIC_SERVER'] || '127.0.0.1:7070',
    ...(values.nodeName !== undefined ? { nodeName: values.nodeName } : {}),
    labels: parseLabels(values.labels ?? ''),
    ...(values.stateDir !== undefined ? { stateDir: values.stateDir } : {}),
    ...(values.baseDir !== undefined ? { baseDir: values.baseDir } : {}),
    ...(Object.keys(capacity).length ? { capacity } : {}),
    allowBpf: values.allowBpf === true,
    ...(values.metricsListen !== undefined ? { metricsListen: values.metricsListen } : {}),
    allowUnsandboxedWasm: values.allowUnsandboxedWasm === true,
    ...(values.logLevel !== undefined ? { logLevel: values.logLevel } : {}),
    ...(values.redisUrl !== undefined ? { redisUrl: values.redisUrl } : {}),
  };
}

/**
 * Parses the bin's command line.
 * @throws InvalidArgumentError for unknown flags or missing values.
 */
export function readAgentArgv(argv: string[]): { help: boolean; values: AgentFlagValues } {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        help: { type: 'boolean', short: 'h' },
        ...Object.fromEntries(AGENT_FLAGS.map((f) => [f.flag, { type: f.arg ? ('string' as const) : ('boolean' as const) }])),
      },
    });
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
  const values: Record<string, string | boolean> = {};
  for (const f of AGENT_FLAGS) {
    const v = (parsed.values as Record<string, string | boolean | undefined>)[f.flag];
    if (v !== undefined) values[f.key] = v;
  }
  return { help: parsed.values.help === true, values };
}

export function agentUsage(bin: string): string {
  const rows = AGENT_FLAGS.map((f) => [`--${f.flag}${f.arg ? ` ${f.arg}` : ''}`, f.help] as const);
  const width = Math.max(...rows.map(([l]) => l.length));
  return `Usage: ${bin} [flags]\n\nRuns a Mosaic node agent: registers with the control plane and runs the instances it assigns.\n\n${rows
    .map(([l, h]) => `  ${l.padEnd(width)}  ${h}`)
    .join('\n')}\n`;
}
