import type { Logger } from 'pino';

/** Log levels the control plane accepts (pino's, plus `silent`). */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Everything `startControlPlane` needs. The bin fills it from flags, `MOSAIC_*` environment
 * variables and a YAML config file (in that order of precedence, see `resolve-options.ts`);
 * programs embedding the control plane pass it directly and may leave any field out.
 */
export interface ControlPlaneOptions {
  /**
   * Directory holding the control plane's durable state; the SQLite database is
   * `<stateDir>/mosaic.db`. Created (mode 0700) when missing.
   * @defaultValue `~/.mosaic/state`
   */
  stateDir?: string;

  /**
   * `HOST:PORT` the gRPC server binds (`[::1]:7070` for IPv6). Port `0` picks a free port;
   * {@link ControlPlane.address} reports the one bound. Loopback by default because the API
   * has no authentication yet.
   * @defaultValue `127.0.0.1:7070`
   */
  listen?: string;

  /**
   * Minimum level of the JSON log lines written to stderr. At `debug` every RPC is logged
   * with its method, status code and duration.
   * @defaultValue `info`
   */
  logLevel?: LogLevel;

  /**
   * Largest request message the server accepts, in bytes; larger ones fail with
   * RESOURCE_EXHAUSTED without reaching a handler.
   * @defaultValue `4194304` (4 MiB)
   */
  maxReceiveMessageBytes?: number;

  /**
   * Largest response message the server sends, in bytes; a larger one fails the call with
   * RESOURCE_EXHAUSTED (page big lists with `limit`).
   * @defaultValue `4194304` (4 MiB)
   */
  maxSendMessageBytes?: number;

  /**
   * On shutdown, how long in-flight calls may take to finish before the remaining ones are
   * cancelled.
   * @defaultValue `10`
   */
  shutdownTimeoutSeconds?: number;

  /**
   * BOOKMARK interval of a watch whose request leaves `bookmark_interval_seconds` at 0.
   * @defaultValue `10`
   */
  defaultBookmarkIntervalSeconds?: number;

  /**
   * A node whose agent sent nothing for this long becomes NotReady (and the reconciler
   * eventually replaces its instances). Agents heartbeat three times per timeout. After a
   * control-plane restart, Ready nodes get this long (at least 10 s) to reconnect before they
   * are judged.
   * @defaultValue `15`
   */
  nodeHeartbeatTimeoutSeconds?: number;

  /**
   * Run the reconciler in this process: the reconcile queue and its worker, the watches that
   * feed it and the periodic resync (and the private Redis they need). Off, the control plane
   * serves the API and agents only: nothing places or stops instances (API-only tests, or
   * another process reconciling the same store).
   * @defaultValue `true`
   */
  reconcile?: boolean;

  /**
   * Redis for the reconcile queue (`redis://HOST:PORT[/DB]`, `rediss://…`, `unix:///path`).
   * Empty: a private `redis-server` (from PATH) with its data in `<stateDir>/redis`, started
   * with the control plane and stopped with it (adopted again after a kill -9).
   * @defaultValue `''`
   */
  redisUrl?: string;

  /**
   * `HOST:PORT` of the functions' HTTP gateway (`POST /v1/functions/{namespace}/{name}`); port
   * `0` picks a free port ({@link ControlPlane.httpAddress} reports it). Served only while the
   * reconciler (Redis) runs. When left at the default and the port is taken, the control plane
   * starts without the gateway and logs a warning; an explicitly set address that cannot be
   * bound fails the start.
   * @defaultValue `127.0.0.1:7080`
   */
  httpListen?: string;

  /**
   * Every workload is reconciled at least this often, whatever the watches reported.
   * @defaultValue `30`
   */
  resyncIntervalSeconds?: number;

  /**
   * How long a node may stay not Ready before its instances count as lost: the reconciler
   * releases them and places replacements on other nodes (the node's agent stops the old ones
   * when it comes back). Counted from the node's Ready condition turning False.
   * @defaultValue `30`
   */
  nodeLostGraceSeconds?: number;

  /**
   * Old revisions kept per workload (history, rollback), besides the current one and every
   * revision an instance still runs.
   * @defaultValue `10`
   */
  revisionHistoryLimit?: number;

  /**
   * Logger to write to instead of creating one (embedding and tests). When given,
   * {@link ControlPlaneOptions.logLevel} is ignored.
   * @defaultValue a pino logger writing JSON lines to stderr at `logLevel`
   */
  logger?: Logger;
}

/** The options with every default applied, as the rest of the control plane sees them. */
export type ResolvedControlPlaneOptions = Required<Omit<ControlPlaneOptions, 'logger'>> & Pick<ControlPlaneOptions, 'logger'>;

export const MIB = 1024 * 1024;
