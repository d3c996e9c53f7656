import { ResourceExhaustedError } from '@mosaic/api';

/**
 * A watch's consumer fell so far behind that the watch's buffer filled up, so the store ended
 * the watch rather than buffer without bound or drop events. Nothing was lost: start a new watch
 * with `fromRevision: err.resumeRevision` (code `RESOURCE_EXHAUSTED`, like the gRPC status an
 * overloaded watch stream gets).
 */
export class WatchOverflowError extends ResourceExhaustedError {
  constructor(
    message: string,
    /** Watch again from this revision to continue exactly where this watch stopped. */
    readonly resumeRevision: number,
  ) {
    super(message);
  }
}

/** Type guard usable across package copies (checks shape, not prototype identity). */
export function isWatchOverflowError(err: unknown): err is WatchOverflowError {
  return (
    err instanceof Error &&
    (err as { code?: unknown }).code === 'RESOURCE_EXHAUSTED' &&
    typeof (err as { resumeRevision?: unknown }).resumeRevision === 'number'
  );
}
