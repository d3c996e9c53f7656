import type { Condition, InstanceState, ResolvedPort, RuntimeName } from '@mosaic/api';
import type { InstanceRecord } from './instance-record.js';
import type { MetricFamily } from './metrics/metric-family.js';

/** How one process of an instance ended. */
export interface ProcessExit {
  /**
   * Exit code of the workload's process, when known. A process killed by signal N reports
   * `128 + N`, as a shell would (143 for SIGTERM). `null` when nobody could observe it.
   */
  code: number | null;
  /** Set when the supervising wrapper itself was killed (e.g. SIGKILL after the grace period). */
  signal: string | null;
  /** RFC 3339. */
  at: string;
}

/** The typed events of an {@link InstanceHandle}: event name → listener arguments. */
export interface InstanceEvents {
  /** The state changed. */
  state: [state: InstanceState, previous: InstanceState];
  /** A process of the instance exited (also when a restart follows). */
  exit: [exit: ProcessExit];
  /** A restart was scheduled after `delayMs` of back-off; `restarts` is the new count. */
  restart: [restarts: number, delayMs: number];
  /** A condition was set or changed. */
  condition: [condition: Condition];
  /**
   * Anything in {@link InstanceHandle.record} changed (state, pid, restarts, conditions).
   * The agent persists `record()` on this event so a restarted agent can adopt.
   */
  change: [];
}

export type InstanceEventName = keyof InstanceEvents;
export type InstanceListener<E extends InstanceEventName> = (...args: InstanceEvents[E]) => void;

/** Options of {@link InstanceLogs.read}. */
export interface ReadLogsOptions {
  /** Keep reading new output until `signal` aborts or the instance ends. @defaultValue false */
  follow?: boolean;
  /** Start this many bytes before the end of the retained output. @defaultValue everything retained */
  tailBytes?: number;
  /** Ends a follow. */
  signal?: AbortSignal;
  /** How often a follow polls for new output. @defaultValue 200 */
  pollMs?: number;
}

/**
 * An instance's combined stdout and stderr. The process writes straight into the live file
 * (not through a pipe, so it keeps running if the agent dies); the driver rotates it by size
 * with copy-truncate into `<file>.1` (newest) … `<file>.K` (oldest).
 */
export interface InstanceLogs {
  /** The live file, `<logDir>/<instance id>.log`. */
  readonly file: string;
  /** Every retained file, oldest first, the live file last. */
  paths(): Promise<string[]>;
  /** The retained output in order, then (with `follow`) new output as it is written. */
  read(options?: ReadLogsOptions): AsyncIterable<string>;
}

/**
 * A running (or finished) instance, as returned by {@link WorkloadRuntime.start} and
 * {@link WorkloadRuntime.adopt}. The handle supervises the instance — restarts, health checks,
 * deadlines, log rotation — for as long as the agent holds it; the instance's processes do
 * not depend on it and survive the agent.
 *
 * Reading properties is cheap and synchronous; subscribe to events for changes.
 */
export interface InstanceHandle {
  /** The instance id (= `InstanceSpec.id`). */
  readonly id: string;
  readonly runtime: RuntimeName;
  readonly state: InstanceState;
  /** Restarts so far (a first start is not a restart). */
  readonly restarts: number;
  /** Exit code of the last finished process, when known. */
  readonly exitCode?: number;
  /** A CamelCase constant explaining the current state (see `InstanceReason`). */
  readonly reason?: string;
  /** For people: what happened, e.g. the last line the process wrote before failing. */
  readonly message?: string;
  /** `CrashLoop`, `Healthy`, … — the latest value of each type. */
  readonly conditions: readonly Condition[];
  /** Pid of the current process (its process group id too), when one runs. */
  readonly pid?: number;
  /**
   * Optional: the host ports the instance listens on — static ones as the spec asks, dynamic
   * ones as the driver picked them at start. Fixed for the instance's life (restarts and
   * adoption keep them). Absent on runtimes without ports.
   */
  readonly ports?: readonly ResolvedPort[];

  on<E extends InstanceEventName>(event: E, listener: InstanceListener<E>): this;
  off<E extends InstanceEventName>(event: E, listener: InstanceListener<E>): this;
  once<E extends InstanceEventName>(event: E, listener: InstanceListener<E>): this;

  /**
   * Stops the instance for good: SIGTERM to its whole process group, SIGKILL after `graceMs`,
   * no restart. Resolves in state `Stopped` (or the final state it had already reached).
   * Idempotent; concurrent calls share one stop.
   * @param graceMs time between SIGTERM and SIGKILL. @defaultValue the driver's `stopGraceMs` (10 s)
   */
  stop(graceMs?: number): Promise<void>;

  /**
   * Lets go of the instance without touching it: timers, health checks and watchers stop,
   * events cease, the processes keep running. For an agent shutting down gracefully (it will
   * adopt them when it comes back) and for tests.
   */
  detach(): void;

  /** A JSON-serialisable snapshot for adoption by a later agent process. */
  record(): InstanceRecord;

  /** The instance's output. */
  readonly logs: InstanceLogs;

  /**
   * Optional: the latest values the instance exports (an eBPF probe's maps, say), for the
   * agent's Prometheus endpoint (`renderPrometheus`) and `mosaic probe output`. Synchronous
   * and cheap: drivers refresh a snapshot in the background. Absent on runtimes that export
   * nothing; an empty array when there is nothing yet.
   */
  metrics?(): MetricFamily[];
}
