import { RevisionCompactedError, WORKLOAD_KIND, type Workload } from '@mosaic/api';
import { isWatchOverflowError, type Store, type StoreWatch, type WatchEvent } from '@mosaic/store';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ParsedQuery } from './parse-query.js';
import type { WorkloadWatchEvent } from './workload-types.js';

/** Page size of the initial list: bounds memory for big stores without many round trips. */
const INITIAL_LIST_PAGE = 500;

export interface WatchWorkloadsOptions {
  /** Changes strictly after this revision; undefined: current state first. */
  fromRevision: number | undefined;
  bookmarkIntervalMs: number;
  /** Aborting ends the iteration cleanly (client went away, server shutting down). */
  signal: AbortSignal;
}

/**
 * A watch as the API defines it, on top of the store's:
 * - without a start revision, the current state as ADDED events, then a BOOKMARK marking the
 *   end of the initial events, then changes from the list's revision (list+watch, no gap);
 * - a BOOKMARK whenever the stream has been quiet for `bookmarkIntervalMs`, carrying the revision a resumed watch
 *   would start from: never ahead of what was delivered, so resuming from it loses nothing;
 * - the runtime filter, which the store does not know about;
 * - a store watch that overflowed because the client reads slowly is restarted from its resume
 *   revision (the change log is on disk, so nothing is lost and memory stays bounded).
 */
export async function* watchWorkloads(store: Store, query: ParsedQuery, options: WatchWorkloadsOptions): AsyncGenerator<WorkloadWatchEvent> {
  const { signal } = options;
  let from = options.fromRevision;
  if (from === undefined) {
    let continueToken: string | undefined;
    do {
      const page = await store.list<Workload>(WORKLOAD_KIND, { ...query, limit: INITIAL_LIST_PAGE, ...(continueToken ? { continueToken } : {}) });
      for (const workload of page.items) yield { type: 'ADDED', workload, revision: Number(workload.metadata.resourceVersion) };
      from = page.revision;
      continueToken = page.continueToken;
      if (signal.aborted) return;
    } while (continueToken);
    yield { type: 'BOOKMARK', revision: from, initialEventsEnd: true };
  }

  let delivered = from;
  let watch = openWatch(store, query, delivered, signal);
  let iterator = watch[Symbol.asyncIterator]();
  let pending = iterator.next();
  // Bookmarks fill quiet periods of the stream the client sees; events the runtime filter
  // drops do not count as activity, or a busy other runtime would starve this watch of them.
  let nextBookmarkAt = Date.now() + options.bookmarkIntervalMs;
  try {
    while (!signal.aborted) {
      // The bookmark revision is read before racing: if `pending` is still unsettled now, the
      // store counts as delivered only what we already yielded, so resuming from this revision
      // loses nothing. (Read after a tick, it could include an event the store just handed to
      // `pending` that we have not yielded yet.) If `pending` has settled, the event wins the
      // race (a microtask beats a fresh timer) and this value is unused.
      const bookmark = Math.max(delivered, watch.resumeRevision);
      const tick = new AbortController();
      const next = await Promise.race([
        pending.then((r) => ({ kind: 'event' as const, r })),
        sleep(Math.max(0, nextBookmarkAt - Date.now()), undefined, { signal: tick.signal }).then(
          () => ({ kind: 'tick' as const }),
          () => ({ kind: 'cancelled' as const }),
        ),
      ]).catch((err: unknown) => ({ kind: 'error' as const, err }));
      tick.abort();

      if (next.kind === 'tick') {
        delivered = bookmark;
        nextBookmarkAt = Date.now() + options.bookmarkIntervalMs;
        yield { type: 'BOOKMARK', revision: bookmark };
        continue;
      }
      if (next.kind === 'cancelled') continue;
      if (next.kind === 'error') {
        if (!isWatchOverflowError(next.err)) throw translate(next.err, from);
        // The client is slow: start a fresh store watch where this one stopped.
        watch.close();
        watch = openWatch(store, query, next.err.resumeRevision, signal);
        iterator = watch[Symbol.asyncIterator]();
        pending = iterator.next();
        continue;
      }
      if (next.r.done) return;
      pending = iterator.next();
      const event: WatchEvent<Workload> = next.r.value;
      delivered = event.revision;
      if (query.filter && !query.filter(event.object)) continue;
      nextBookmarkAt = Date.now() + options.bookmarkIntervalMs;
      yield { type: event.type, workload: event.object, revision: event.revision };
    }
  } finally {
    watch.close();
  }
}

function openWatch(store: Store, query: ParsedQuery, fromRevision: number, signal: AbortSignal): StoreWatch<Workload> {
  return store.watch<Workload>(WORKLOAD_KIND, {
    fromRevision,
    signal,
    ...(query.namespace ? { namespace: query.namespace } : {}),
    ...(query.labelSelector ? { labelSelector: query.labelSelector } : {}),
  });
}

/** A compacted start gets a message saying what to do about it. */
function translate(err: unknown, from: number): unknown {
  if (err instanceof Error && (err as { code?: unknown }).code === 'OUT_OF_RANGE') {
    return new RevisionCompactedError(
      `resourceVersion ${from} is older than the retained change history (${err.message}); list again and watch from the list's resourceVersion`,
      { cause: err },
    );
  }
  return err;
}
