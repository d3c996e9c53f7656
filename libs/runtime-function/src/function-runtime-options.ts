import type { SupervisionOptions } from '@mosaic/runtime-process';

/** Options of the function driver (`setup(options)` / `new FunctionRuntime(options)`). */
export interface FunctionRuntimeOptions {
  /**
   * Redis of the invocation queues, when known at start (the agent's `--redis-url`); otherwise
   * set later with {@link FunctionRuntime.setRedisUrl} (from the agent's registration).
   * @defaultValue unset
   */
  redisUrl?: string;
  /**
   * Run hosts without bubblewrap when it is missing or broken (trusted code on development
   * machines only). @defaultValue false
   */
  allowUnsandboxed?: boolean;
  /** The bubblewrap binary. @defaultValue `bwrap` looked up on {@link searchPath} */
  bwrapPath?: string;
  /** Where to look for `bwrap`. @defaultValue process.env.PATH */
  searchPath?: string;
  /** The node binary that runs the host. @defaultValue process.execPath */
  nodePath?: string;
  /** Host restarts (always restarted), back-off, stop grace, log rotation. */
  supervision?: SupervisionOptions;
  /**
   * How often a Running host is probed over its socket (liveness). Start-up does not wait for
   * it: each probe re-pings a starting host every 10–50 ms until it answers. @defaultValue 2000
   */
  readinessPeriodMs?: number;
}
