import type { Condition, InstanceState, RuntimeName } from '@mosaic/api';
import type { InstanceSpec } from './instance-spec.js';

/** Version of the {@link InstanceRecord} layout; bumped on incompatible changes. */
export const INSTANCE_RECORD_VERSION = 1;

/**
 * Identifies one process across agent restarts without trusting the pid alone: a pid is
 * recycled by the kernel, the pair (pid, start time since boot) on the same boot is not.
 */
export interface ProcessIdentity {
  pid: number;
  /** Process group id; drivers start every instance in its own session, so `pgid === pid`. */
  pgid: number;
  /** Field 22 of `/proc/<pid>/stat`: clock ticks after boot, as a decimal string. */
  startTime: string;
  /** `/proc/sys/kernel/random/boot_id`: a reboot invalidates every identity. */
  bootId: string;
}

/**
 * Everything needed to re-attach to an instance from a new agent process: a plain,
 * JSON-serialisable snapshot that {@link InstanceHandle.record} returns and the agent persists
 * (e.g. `<instanceDir>/../<id>.json`) after every `change` event. It is owned by the driver
 * that wrote it: the agent stores it verbatim and hands it back to that runtime's `adopt()`.
 */
export interface InstanceRecord {
  version: typeof INSTANCE_RECORD_VERSION;
  runtime: RuntimeName;
  instance: InstanceSpec;
  state: InstanceState;
  reason?: string;
  message?: string;
  restarts: number;
  exitCode?: number;
  conditions: Condition[];
  /** The process of the current run; absent while waiting to (re)start and after the end. */
  process?: ProcessIdentity;
  /** RFC 3339: when the current run's process started. */
  startedAt?: string;
  /** RFC 3339: when the instance reached a final state. */
  finishedAt?: string;
  /** RFC 3339: wall-clock deadline of the current run, when the runtime has one. */
  deadlineAt?: string;
  /** Quick failures in a row, which drive the back-off and the CrashLoop condition. */
  consecutiveFailures: number;
  /** The paths the instance was started with (see {@link RuntimeContext}). */
  instanceDir: string;
  logFile: string;
  /** Driver-private, JSON-serialisable data. */
  driver?: Record<string, unknown>;
  /** RFC 3339: when this snapshot was taken. */
  updatedAt: string;
}
