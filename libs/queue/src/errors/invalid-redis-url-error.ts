import { InvalidArgumentError } from '@mosaic/api';

/** A configured Redis URL this library cannot connect with. */
export class InvalidRedisUrlError extends InvalidArgumentError {
  constructor(readonly url: string) {
    super(
      `invalid Redis URL ${JSON.stringify(url)}: expected redis://HOST:PORT[/DB], rediss://…, ` +
        'unix:///path/to/redis.sock or an absolute socket path',
    );
  }
}
