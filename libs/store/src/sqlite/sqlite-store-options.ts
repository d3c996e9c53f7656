import type { StoreOptions } from '../store-options.js';

/** Options of the SQLite store backend (`createSqliteStore`). */
export interface SqliteStoreOptions extends StoreOptions {
  /**
   * The database file; its directory is created if missing. The control plane passes
   * `<state-dir>/mosaic.db`. `':memory:'` gives a private in-memory store (tests; no durability).
   * One process at a time may open a file: watches see only that process's writes.
   */
  path: string;

  /**
   * How long a statement waits for a lock held by another connection (e.g. a backup or a
   * `sqlite3` shell) before failing with SQLITE_BUSY, in milliseconds.
   * @defaultValue 5000
   */
  busyTimeoutMs?: number;

  /**
   * How many change-log entries a watch reads per step while catching up on history. Smaller
   * steps bound memory per catching-up watch; larger ones cost fewer queries.
   * @defaultValue 256
   */
  catchUpBatchSize?: number;

  /**
   * At most this many writes share one transaction (group commit: the writes issued while a batch
   * is pending commit together, with one fsync). Larger batches amortise the fsync over more
   * writes; smaller ones bound how long one batch holds the event loop and how long its first
   * write waits for the last. Writes beyond it go into the next batch.
   * @defaultValue 256
   */
  maxBatchWrites?: number;
}
