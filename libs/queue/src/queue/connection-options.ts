/** Where queues and workers keep their state. Composed into every queue and worker option set. */
export interface ConnectionOptions {
  /**
   * Redis URL: `redis://HOST:PORT[/DB]`, `rediss://…` or `unix:///path/redis.sock` — typically
   * {@link ResolvedRedis.url}.
   */
  url: string;
  /**
   * Prefix of every Redis key, so Mosaic can share a Redis with other applications.
   *
   * @defaultValue 'mosaic'
   */
  prefix?: string;
}
