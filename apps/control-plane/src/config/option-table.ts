import { InvalidArgumentError } from '@mosaic/api';
import { LOG_LEVELS, type ControlPlaneOptions, type LogLevel } from './control-plane-options.js';
import { parseListenAddress } from './listen-address.js';

/** Options that can come from a flag, an environment variable or the config file. */
export type ConfigurableKey = Exclude<keyof ControlPlaneOptions, 'logger'>;

/**
 * One row per configurable option: its flag, its environment variable and how a string
 * (flag or env) or a YAML value becomes the typed value. Flags, env and file readers and the
 * `--help` text are all driven by this table, so they cannot drift apart.
 */
export interface OptionSpec {
  key: ConfigurableKey;
  flag: string;
  env: string;
  /** Placeholder in `--help`, e.g. `DIR`. */
  arg: string;
  help: string;
  /** Turns a raw value into the option's value; `path` names its source in errors. */
  parse(raw: unknown, path: string): ControlPlaneOptions[ConfigurableKey];
}

function invalid(path: string, message: string): InvalidArgumentError {
  return new InvalidArgumentError('invalid control-plane configuration', [{ path, message }]);
}

function nonEmptyString(raw: unknown, path: string): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw invalid(path, 'must be a non-empty string');
  return raw;
}

/** Flags and env vars are strings; YAML may give a number. Either way it must be an integer in range. */
function integer(min: number) {
  return (raw: unknown, path: string): number => {
    const n = typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < min) throw invalid(path, `must be an integer >= ${min}`);
    return n;
  };
}

/** `true`/`false` as a flag or env string, or a YAML boolean. */
function boolean(raw: unknown, path: string): boolean {
  if (typeof raw === 'boolean') return raw;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  throw invalid(path, 'must be true or false');
}

export const OPTION_TABLE: readonly OptionSpec[] = [
  {
    key: 'stateDir', flag: 'state-dir', env: 'MOSAIC_STATE_DIR', arg: 'DIR',
    help: 'directory of the durable state (SQLite at DIR/mosaic.db) [~/.mosaic/state]',
    parse: nonEmptyString,
  },
  {
    key: 'listen', flag: 'listen', env: 'MOSAIC_LISTEN', arg: 'HOST:PORT',
    help: 'address of the gRPC API; port 0 picks a free port [127.0.0.1:7070]',
    parse: (raw, path) => {
      const value = nonEmptyString(raw, path);
      parseListenAddress(value, path);
      return value;
    },
  },
  {
    key: 'logLevel', flag: 'log-level', env: 'MOSAIC_LOG_LEVEL', arg: 'LEVEL',
    help: `${LOG_LEVELS.join('|')}; debug logs every RPC [info]`,
    parse: (raw, path): LogLevel => {
      if (typeof raw !== 'string' || !(LOG_LEVELS as readonly string[]).includes(raw)) {
        throw invalid(path, `must be one of ${LOG_LEVELS.join(', ')}`);
      }
      return raw as LogLevel;
    },
  },
  {
    key: 'maxReceiveMessageBytes', flag: 'max-receive-message-bytes', env: 'MOSAIC_MAX_RECEIVE_MESSAGE_BYTES', arg: 'N',
    help: 'largest accepted request message [4194304]',
    parse: integer(1024),
  },
  {
    key: 'maxSendMessageBytes', flag: 'max-send-message-bytes', env: 'MOSAIC_MAX_SEND_MESSAGE_BYTES', arg: 'N',
    help: 'largest response message sent [4194304]',
    parse: integer(1024),
  },
  {
    key: 'shutdownTimeoutSeconds', flag: 'shutdown-timeout', env: 'MOSAIC_SHUTDOWN_TIMEOUT_SECONDS', arg: 'SECONDS',
    help: 'how long in-flight calls may run on shutdown before they are cancelled [10]',
    parse: integer(0),
  },
  {
    key: 'defaultBookmarkIntervalSeconds', flag: 'bookmark-interval', env: 'MOSAIC_BOOKMARK_INTERVAL_SECONDS', arg: 'SECONDS',
    help: 'BOOKMARK interval of watches that do not ask for one [10]',
    parse: integer(1),
  },
  {
    key: 'nodeHeartbeatTimeoutSeconds', flag: 'node-heartbeat-timeout', env: 'MOSAIC_NODE_HEARTBEAT_TIMEOUT_SECONDS', arg: 'SECONDS',
    help: 'a node whose agent is silent this long becomes NotReady [15]',
    parse: integer(1),
  },
  {
    key: 'reconcile', flag: 'reconcile', env: 'MOSAIC_RECONCILE', arg: 'true|false',
    help: 'run the reconciler (queue, worker, watches); false serves the API and agents only [true]',
    parse: boolean,
  },
  {
    key: 'redisUrl', flag: 'redis-url', env: 'MOSAIC_REDIS_URL', arg: 'URL',
    help: 'Redis of the reconcile queue; unset: a private redis-server under DIR/redis [unset]',
    parse: nonEmptyString,
  },
  {
    key: 'httpListen', flag: 'http-listen', env: 'MOSAIC_HTTP_LISTEN', arg: 'HOST:PORT',
    help: 'address of the functions HTTP gateway (POST /v1/functions/NS/NAME); port 0 picks a free port [127.0.0.1:7080]',
    parse: (raw, path) => {
      const value = nonEmptyString(raw, path);
      parseListenAddress(value, path);
      return value;
    },
  },
  {
    key: 'resyncIntervalSeconds', flag: 'resync-interval', env: 'MOSAIC_RESYNC_INTERVAL_SECONDS', arg: 'SECONDS',
    help: 'every workload is reconciled at least this often [30]',
    parse: integer(1),
  },
  {
    key: 'nodeLostGraceSeconds', flag: 'node-lost-grace', env: 'MOSAIC_NODE_LOST_GRACE_SECONDS', arg: 'SECONDS',
    help: 'a node not Ready this long has its instances replaced elsewhere [30]',
    parse: integer(0),
  },
  {
    key: 'revisionHistoryLimit', flag: 'revision-history-limit', env: 'MOSAIC_REVISION_HISTORY_LIMIT', arg: 'N',
    help: 'old revisions kept per workload besides those in use [10]',
    parse: integer(0),
  },
];

/** Environment variable naming the config file (the `--config` flag wins over it). */
export const CONFIG_FILE_ENV = 'MOSAIC_CONTROL_PLANE_CONFIG';
