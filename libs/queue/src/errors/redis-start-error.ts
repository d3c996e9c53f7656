import { UnavailableError } from '@mosaic/api';

/** The private `redis-server` exited or did not answer PING in time. Carries the tail of its logs. */
export class RedisStartError extends UnavailableError {
  constructor(
    message: string,
    /** Last lines of the server's log and stderr, already included in the message. */
    readonly logTail: string,
  ) {
    super(logTail ? `${message}\n--- redis-server log (tail) ---\n${logTail}` : message);
  }
}
