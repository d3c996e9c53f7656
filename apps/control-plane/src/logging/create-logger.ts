import { pino, type Logger } from 'pino';
import type { LogLevel } from '../config/control-plane-options.js';

/**
 * JSON lines on stderr, so stdout stays free for the one "listening on" line scripts read.
 * Synchronous writes: a SIGKILL or a fatal error must not lose the last lines.
 */
export function createLogger(level: LogLevel): Logger {
  return pino(
    { name: 'mosaic-control-plane', level, base: { pid: process.pid } },
    pino.destination({ dest: 2, sync: true }),
  );
}
