import { RevisionCompactedError, type StoredObject } from '@mosaic/api';
import { WatchOverflowError } from '../errors/watch-overflow-error.js';
import { filterChange, type WatchFilter } from '../internal/watch-filter.js';
import type { StoreWatch, WatchEvent, WatchEventType } from '../store.js';

/** A row of the change log, as read from the database or announced after a commit. */
export interface ChangeRow {
  revision: number;
  type: WatchEventType;
  namespace: string;
  name: string;
  object: string;
  prev_object: string | null;
}

/** What a watch needs from the store. All calls are synchronous (one SQLite connection). */
export interface ChangeFeed {
  /** Change-log entries of `kind` with revision > `after`, ascending, at most `limit`. */
  readChanges(kind: string, after: number, limit: number, namespace: string | undefined): ChangeRow[];
  currentRevision(): number;
  compactedRevision(): number;
  /** Stop announcing changes to this watch. */
  unsubscribe(watch: SqliteWatch<StoredObject>): void;
}

interface Waiter<T> {
  resolve(result: IteratorResult<WatchEvent<T>>): void;
  reject(error: unknown): void;
}

const DONE = Object.freeze({ done: true, value: undefined }) as IteratorReturnResult<undefined>;

/**
 * One watch on the SQLite store. It is subscribed from birth, and moves through two modes:
 *
 * - **catching up**: it reads the change log in batches (`position` → current revision) as the
 *   consumer pulls, ignoring announcements — the log already holds those changes, so nothing is
 *   buffered beyond one batch however far behind it starts;
 * - **live**: once a read comes back short it has seen every committed change (reads and commits
 *   are synchronous on one connection, so no commit can fall between that read and the switch)
 *   and takes announced changes from then on, de-duplicated by revision, into a buffer of at most
 *   `maxBuffered` events. A full buffer ends the watch with {@link WatchOverflowError}.
 *
 * `position` is the last revision examined (delivered, buffered or filtered out).
 */
export class SqliteWatch<T extends StoredObject> implements StoreWatch<T>, AsyncIterator<WatchEvent<T>> {
  private catchingUp = true;
  private position: number;
  private lastDelivered: number;
  private readonly pending: WatchEvent<T>[] = [];
  private readonly waiters: Waiter<T>[] = [];
  private failure: Error | undefined;
  private ended = false;
  private readonly onAbort = () => this.close();

  constructor(
    private readonly feed: ChangeFeed,
    readonly kind: string,
    private readonly filter: WatchFilter,
    fromRevision: number,
    private readonly maxBuffered: number,
    private readonly batchSize: number,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.position = fromRevision;
    this.lastDelivered = fromRevision;
    if (signal?.aborted) this.close();
    else signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  get resumeRevision(): number {
    return this.pending.length > 0 ? this.lastDelivered : this.position;
  }

  [Symbol.asyncIterator](): AsyncIterator<WatchEvent<T>> {
    return this;
  }

  next(): Promise<IteratorResult<WatchEvent<T>>> {
    return new Promise((resolve, reject) => {
      const result = this.poll(); // a throw here rejects the promise
      if (result) resolve(result);
      else this.waiters.push({ resolve, reject });
    });
  }

  return(): Promise<IteratorResult<WatchEvent<T>>> {
    this.close();
    return Promise.resolve(DONE);
  }

  close(): void {
    if (this.ended) return;
    if (this.pending.length > 0) this.position = this.lastDelivered;
    this.pending.length = 0;
    this.finish();
    for (const waiter of this.waiters.splice(0)) waiter.resolve(DONE);
  }

  /** Called by the store after each commit of a change to this watch's kind. */
  announce(row: ChangeRow): void {
    if (this.ended || this.failure || this.catchingUp || row.revision <= this.position) return;
    const event = this.toEvent(row);
    if (!event) {
      this.position = row.revision;
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter) {
      this.position = this.lastDelivered = row.revision;
      waiter.resolve({ value: event, done: false });
      return;
    }
    if (this.pending.length >= this.maxBuffered) {
      // Keep what is buffered (the consumer still gets it), then fail: the error's revision is
      // the last one buffered, so a watch resumed from it continues with this very change.
      this.failure = new WatchOverflowError(
        `watch on ${this.kind} fell behind: its consumer left ${this.maxBuffered} events unread; watch again from revision ${this.position} to continue`,
        this.position,
      );
      this.feed.unsubscribe(this);
      return;
    }
    this.position = row.revision;
    this.pending.push(event);
  }

  /** The next result available without waiting, or undefined when the consumer must wait. */
  private poll(): IteratorResult<WatchEvent<T>> | undefined {
    for (;;) {
      if (this.ended) return DONE;
      const event = this.pending.shift();
      if (event) {
        this.lastDelivered = event.revision;
        return { value: event, done: false };
      }
      if (this.failure) {
        const failure = this.failure;
        this.finish();
        throw failure;
      }
      if (!this.catchingUp) return undefined;
      this.catchUp();
    }
  }

  /** Reads the next batch of history into `pending`, or switches to live mode, or fails. */
  private catchUp(): void {
    const compacted = this.feed.compactedRevision();
    if (this.position < compacted) {
      this.failure = new RevisionCompactedError(
        `revision ${this.position} has been compacted (oldest available ${compacted}); re-list and watch from the list's revision`,
      );
      return;
    }
    const rows = this.feed.readChanges(this.kind, this.position, this.batchSize, this.filter.namespace);
    for (const row of rows) {
      this.position = row.revision;
      const event = this.toEvent(row);
      if (event) this.pending.push(event);
    }
    if (rows.length < this.batchSize) {
      this.catchingUp = false;
      this.position = Math.max(this.position, this.feed.currentRevision());
    }
  }

  private toEvent(row: ChangeRow): WatchEvent<T> | undefined {
    const object = JSON.parse(row.object) as T;
    const prev = this.filter.selector && row.prev_object ? (JSON.parse(row.prev_object) as T) : undefined;
    return filterChange(row.type, object, prev, row.revision, this.filter);
  }

  private finish(): void {
    this.ended = true;
    this.feed.unsubscribe(this);
    this.signal?.removeEventListener('abort', this.onAbort);
  }
}
