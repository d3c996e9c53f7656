import type { Logger } from 'pino';

/** Options of {@link startAgent}; the `mosaic agent` flags map onto them one to one. */
export interface AgentOptions {
  /** `host:port` of the control plane's gRPC API. */
  server: string;

  /**
   * The Node's name: a DNS-1123 label, unique among the agents of a control plane.
   * @defaultValue the host name, lower-cased, up to its first dot, invalid characters as `-`
   */
  nodeName?: string;

  /**
   * The Node's labels (`zone`, `env`, …): what nodeSelector, affinity and spread match on.
   * @defaultValue `{}`
   */
  labels?: Record<string, string>;

  /**
   * Where the agent keeps its identity, the records of its instances (for adoption after a
   * restart), their private directories and their logs. Two agents on one machine need two.
   * @defaultValue `~/.mosaic/agent`
   */
  stateDir?: string;

  /**
   * Relative paths in workload specs (a service's working dir, a Wasm module, preopens) are
   * resolved against this directory.
   * @defaultValue `process.cwd()`
   */
  baseDir?: string;

  /**
   * Capacity to report instead of what the machine has, e.g. to share it between agents.
   * @defaultValue `os.availableParallelism()` cores and `os.totalmem()` bytes
   */
  capacity?: { cpuMillis?: number; memoryBytes?: number };

  /**
   * Let the agent load eBPF programs when it can (root or CAP_BPF+CAP_PERFMON, tracefs and
   * bpffs mounted). Off unless an operator opts in, because a probe runs inside the kernel;
   * without it the node does not offer the `ebpf` runtime.
   * @defaultValue `false`
   */
  allowBpf?: boolean;

  /**
   * `host:port` to serve Prometheus metrics on (`GET /metrics`): the agent's instance gauges
   * and every instance's own metrics (probe maps), labelled with namespace, workload,
   * instance and node. Port 0 picks a free port ({@link Agent.metricsAddress} tells which).
   * @defaultValue off
   */
  metricsListen?: string;

  /**
   * Run Wasm modules without the bubblewrap sandbox when it is missing (trusted modules on a
   * development machine only: node:wasi is not a security boundary).
   * @defaultValue `false`
   */
  allowUnsandboxedWasm?: boolean;

  /**
   * Redis of the function invocation queues, overriding the URL the control plane sends at
   * registration (its private Redis or its `--redis-url`). Function instances wait
   * (Pending, QueueUnavailable) until one is known.
   * @defaultValue the control plane's
   */
  redisUrl?: string;

  /**
   * Reconnect back-off after the stream to the control plane fails: doubles from `initialMs`
   * up to `maxMs`, with ±20 % jitter, and starts over after a successful registration. The
   * control plane gives nodes 10 s after its own restart, so keep `maxMs` well below that.
   * @defaultValue `{ initialMs: 200, maxMs: 3000 }`
   */
  reconnect?: { initialMs?: number; maxMs?: number };

  /**
   * How long a report waits for more changes before it is sent, so bursts (Starting →
   * Running, a restart and its condition) travel as one message per instance.
   * @defaultValue `50`
   */
  reportDelayMs?: number;

  /**
   * Logger to use (JSON lines to stderr when not given).
   * @defaultValue a pino logger at `logLevel`
   */
  logger?: Logger;

  /** @defaultValue `info` */
  logLevel?: string;
}
