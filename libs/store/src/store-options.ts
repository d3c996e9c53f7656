/**
 * Options every {@link Store} backend understands. Backend options interfaces extend this one
 * (e.g. `SqliteStoreOptions` adds the database path).
 */
export interface StoreOptions {
  /**
   * How many undelivered events one watch may hold for a slow consumer before the watch ends with
   * `WatchOverflowError` (resumable from its `resumeRevision`). Bounds memory per watcher;
   * `WatchOptions.maxBufferedEvents` overrides it per watch.
   * @defaultValue 1000
   */
  watchBufferSize?: number;

  /**
   * Automatic compaction keeps this many most recent revisions of change log, so a watch or a
   * paginated list may resume from up to this many writes ago. `0` disables automatic compaction
   * (`Store.compact` still works).
   * @defaultValue 10000
   */
  compactionRetainRevisions?: number;

  /**
   * Automatic compaction runs after every this many writes (amortising its cost; between runs the
   * log holds up to `compactionRetainRevisions + compactionIntervalWrites` entries).
   * @defaultValue 1000
   */
  compactionIntervalWrites?: number;
}

/** The defaults of {@link StoreOptions}, for backends and documentation. */
export const STORE_DEFAULTS: Required<StoreOptions> = Object.freeze({
  watchBufferSize: 1000,
  compactionRetainRevisions: 10_000,
  compactionIntervalWrites: 1000,
});
