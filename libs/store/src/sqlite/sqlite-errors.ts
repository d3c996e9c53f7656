import { InternalError, ResourceExhaustedError, UnavailableError } from '@mosaic/api';

/**
 * Turns a better-sqlite3 error into the Mosaic error a caller can act on; anything else passes
 * through unchanged. Lock contention is retryable (UNAVAILABLE), a full disk is RESOURCE_EXHAUSTED,
 * everything else (corruption, I/O errors) is INTERNAL with the SQLite error as `cause`.
 */
export function fromSqliteError(err: unknown, path: string): unknown {
  const code = (err as { code?: unknown } | null)?.code;
  if (!(err instanceof Error) || typeof code !== 'string' || !code.startsWith('SQLITE_')) return err;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new UnavailableError(`store database ${path} is locked by another connection (${code}); retry`, { cause: err });
  }
  if (code === 'SQLITE_FULL') return new ResourceExhaustedError(`store database ${path}: the disk is full`, { cause: err });
  return new InternalError(`store database ${path}: ${err.message} (${code})`, { cause: err });
}
