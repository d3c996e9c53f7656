import type { SupervisionOptions } from '@mosaic/runtime-process';

/** Options of the service driver (`setup(options)` / `new ServiceRuntime(options)`). */
export interface ServiceRuntimeOptions {
  /** Restarts, back-off, crash-loop threshold, stop grace, log rotation. @defaultValue see {@link SupervisionOptions} */
  supervision?: SupervisionOptions;
  /**
   * Variables of the agent's own environment passed on to services; nothing else of it leaks.
   * @defaultValue ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ']
   */
  inheritEnv?: string[];
  /** Address HTTP and TCP health checks connect to. @defaultValue '127.0.0.1' */
  healthHost?: string;
  /** Address a dynamic port is picked on (bound to `:0` to learn a free port). @defaultValue '127.0.0.1' */
  portHost?: string;
}
