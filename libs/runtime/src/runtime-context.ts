/** Severity of a driver log line; the agent maps it onto its own logger. */
export type RuntimeLogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * Where a driver reports what it is doing (restarts, failed health checks, sandbox set-up).
 * Instance *output* never goes here: it goes to the instance's log files.
 */
export type RuntimeLogFn = (level: RuntimeLogLevel, message: string, fields?: Record<string, unknown>) => void;

/** The node an instance runs on, as the agent registered it. */
export interface NodeInfo {
  name: string;
  labels?: Record<string, string>;
}

/**
 * Everything the agent hands a driver for one instance, besides the spec. The paths are
 * owned by the agent: it chooses them, persists them with the instance record, passes the
 * same ones again to {@link WorkloadRuntime.adopt}, and deletes them when the instance is
 * gone. Drivers create them when missing.
 */
export interface RuntimeContext {
  /**
   * Private state/work directory of this instance (exit status, rewritten modules, sandbox
   * config). Must be unique per instance and survive agent restarts.
   */
  instanceDir: string;
  /** Directory for this instance's output; the live file is `<logDir>/<instance id>.log`. */
  logDir: string;
  /**
   * Base directory that relative paths in the spec are resolved against: a service's
   * `workingDir` and (when none is given) its working directory, a wasm `module.path` and
   * preopen `host` paths. The agent passes its work directory (the repo on a dev machine).
   */
  baseDir: string;
  /** The node this runs on. */
  node: NodeInfo;
  /** Driver diagnostics. @defaultValue a no-op */
  log?: RuntimeLogFn;
}
