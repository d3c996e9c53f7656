import type { StoredObject } from '@mosaic/api';
import { isWatchOverflowError, type Store } from '@mosaic/store';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';

/** `SYNC`: listed at the start (or a re-list) — the state as it is, not a change. */
export type ChangeType = 'SYNC' | 'ADDED' | 'MODIFIED' | 'DELETED';

const RELIST_PAUSE_MS = 1000;

/**
 * List-then-watch of one kind until `signal` aborts: every listed object is reported as `SYNC`,
 * then every later change in order. An overflowing watch (we fell behind) resumes where it
 * stopped; a compacted revision or any other failure re-lists after a pause, so the handler
 * sees the whole state again and nothing is missed.
 */
export async function watchKind<T extends StoredObject>(
  store: Store,
  kind: string,
  onChange: (type: ChangeType, object: T) => void,
  signal: AbortSignal,
  log: Logger,
): Promise<void> {
  while (!signal.aborted) {
    try {
      const list = await store.list<T>(kind);
      for (const object of list.items) onChange('SYNC', object);
      let from = list.revision;
      for (;;) {
        const watch = store.watch<T>(kind, { fromRevision: from, signal });
        try {
          for await (const event of watch) onChange(event.type, event.object);
          return; // closed: the signal aborted or the store is closing
        } catch (err) {
          if (!isWatchOverflowError(err)) throw err;
          from = err.resumeRevision;
        }
      }
    } catch (err) {
      if (signal.aborted) return;
      log.warn({ err, kind }, 'watch failed; listing again');
      await sleep(RELIST_PAUSE_MS, undefined, { signal }).catch(() => undefined);
    }
  }
}
