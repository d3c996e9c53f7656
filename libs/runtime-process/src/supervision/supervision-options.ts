/** Restart back-off: `initialMs × factor^(n-1)` for the n-th quick failure in a row, capped. */
export interface BackoffOptions {
  /** Delay before the first restart. @defaultValue 1000 */
  initialMs?: number;
  /** Growth per consecutive quick failure. @defaultValue 2 */
  factor?: number;
  /** The cap. @defaultValue 300000 (5 minutes) */
  maxMs?: number;
  /**
   * A run that lasted this long resets the count of quick failures (and clears CrashLoop),
   * also while it is still running. @defaultValue 600000 (10 minutes)
   */
  resetAfterMs?: number;
}

/** Size-based rotation of an instance's log file (copy-truncate). */
export interface LogRotationOptions {
  /** Rotate once the live file is larger than this. @defaultValue 10485760 (10 MiB) */
  maxBytes?: number;
  /** Rotated files to keep (`.1` newest … `.keep` oldest). @defaultValue 5 */
  keep?: number;
  /** How often the size is checked. @defaultValue 2000 */
  checkIntervalMs?: number;
}

/** How drivers supervise instance processes; shared by every process-based runtime. */
export interface SupervisionOptions {
  backoff?: BackoffOptions;
  /** Quick failures in a row after which the CrashLoop condition is set. @defaultValue 3 */
  crashLoopThreshold?: number;
  /** Default time between SIGTERM and SIGKILL when stopping. @defaultValue 10000 */
  stopGraceMs?: number;
  /** How often the exit of an adopted (non-child) process is polled. @defaultValue 250 */
  exitPollMs?: number;
  logRotation?: LogRotationOptions;
}

/** {@link SupervisionOptions} with every default applied. */
export interface ResolvedSupervisionOptions {
  backoff: Required<BackoffOptions>;
  crashLoopThreshold: number;
  stopGraceMs: number;
  exitPollMs: number;
  logRotation: Required<LogRotationOptions>;
}

export function resolveSupervisionOptions(options: SupervisionOptions = {}): ResolvedSupervisionOptions {
  return {
    backoff: {
      initialMs: options.backoff?.initialMs ?? 1000,
      factor: options.backoff?.factor ?? 2,
      maxMs: options.backoff?.maxMs ?? 300_000,
      resetAfterMs: options.backoff?.resetAfterMs ?? 600_000,
    },
    crashLoopThreshold: options.crashLoopThreshold ?? 3,
    stopGraceMs: options.stopGraceMs ?? 10_000,
    exitPollMs: options.exitPollMs ?? 250,
    logRotation: {
      maxBytes: options.logRotation?.maxBytes ?? 10 * 1024 * 1024,
      keep: options.logRotation?.keep ?? 5,
      checkIntervalMs: options.logRotation?.checkIntervalMs ?? 2000,
    },
  };
}
