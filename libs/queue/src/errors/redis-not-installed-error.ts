import { FailedPreconditionError } from '@mosaic/api';

/**
 * No Redis URL is configured and `redis-server` is not on PATH, so the embedded private Redis
 * cannot start. The message names the fix: the Debian package or a URL.
 */
export class RedisNotInstalledError extends FailedPreconditionError {
  constructor(readonly searchedPath: string) {
    super(
      'redis-server was not found on PATH, so the private Redis cannot start: install the Debian package ' +
        '`redis-server` (apt-get install redis-server), or point MOSAIC_REDIS_URL at a running Redis',
    );
  }
}
