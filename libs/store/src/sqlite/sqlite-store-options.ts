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
}
