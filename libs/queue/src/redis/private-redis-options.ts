/** Options of {@link startPrivateRedis}. */
export interface PrivateRedisOptions {
  /**
   * Directory owned by this Redis: config, append-only files, pid file, logs and (by default) the
   * unix socket. Created (mode 0700) when missing. One Redis per directory.
   */
  dataDir: string;
  /**
   * Listen on this TCP port on 127.0.0.1 instead of a unix socket.
   *
   * @defaultValue undefined — a unix socket `<dataDir>/redis.sock` with TCP disabled (`port 0`);
   * a free loopback port when the socket path would exceed the OS limit (~107 bytes).
   */
  port?: number;
  /**
   * Path of the `redis-server` executable.
   *
   * @defaultValue the first `redis-server` found on PATH
   */
  redisServerPath?: string;
  /**
   * How long to wait for the server to answer PING (also how long a server found loading its
   * append-only file is given before it is replaced), in milliseconds.
   *
   * @defaultValue 15000
   */
  startTimeoutMs?: number;
  /**
   * How long {@link PrivateRedis.stop} waits after SIGTERM (Redis flushes its append-only file)
   * before it sends SIGKILL, in milliseconds.
   *
   * @defaultValue 10000
   */
  stopTimeoutMs?: number;
}

/** Options of {@link resolveRedis}: a configured URL, or what the private Redis needs. */
export interface ResolveRedisOptions extends PrivateRedisOptions {
  /**
   * Redis URL from the configuration (`redis://`, `rediss://`, `unix:///path`). When set it wins
   * over the environment.
   *
   * @defaultValue undefined — then `MOSAIC_REDIS_URL`, then the private Redis
   */
  url?: string;
  /**
   * Environment to read `MOSAIC_REDIS_URL` from.
   *
   * @defaultValue process.env
   */
  env?: Readonly<Record<string, string | undefined>>;
}
