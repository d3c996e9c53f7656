import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import {
  AlreadyExistsError,
  FailedPreconditionError,
  InternalError,
  InvalidArgumentError,
  matchesLabels,
  RevisionCompactedError,
  type StoredObject,
} from '@mosaic/api';
import { STORE_DEFAULTS } from '../store-options.js';
import type {
  DeleteResult,
  ListOptions,
  ListResult,
  Preconditions,
  Store,
  StoreWatch,
  UpdateResult,
  WatchEventType,
  WatchOptions,
} from '../store.js';
import { decodeContinueToken, encodeContinueToken } from '../internal/continue-token.js';
import { compareObjectKeys } from '../internal/key-order.js';
import { nonNegativeInteger, resolveSelector } from '../internal/arguments.js';
import {
  keyOfObject,
  notFound,
  planCreate,
  planDelete,
  planStatusUpdate,
  planUpdate,
  validateKey,
  type ObjectKey,
  type WritePlan,
} from '../internal/object-rules.js';
import { jsonCopy } from '../internal/canonical-json.js';
import { GroupCommit, type Applied } from './group-commit.js';
import { migrate } from './schema.js';
import { fromSqliteError } from './sqlite-errors.js';
import type { SqliteStoreOptions } from './sqlite-store-options.js';
import { SqliteWatch, type ChangeFeed, type ChangeRow } from './sqlite-watch.js';

/** Opens (creating or migrating as needed) a SQLite store. */
export function createSqliteStore(options: SqliteStoreOptions): Promise<SqliteStore> {
  return new Promise((resolve) => resolve(new SqliteStore(options)));
}

/** Runs `operation`, turning SQLite errors into Mosaic errors. */
function sqlite<R>(path: string, operation: () => R): R {
  try {
    return operation();
  } catch (err) {
    throw fromSqliteError(err, path);
  }
}

interface ObjectRow {
  namespace: string;
  name: string;
  object: string;
}

/** Decides what a write stores, given the stored object (if any) and the revision it would get. */
type WritePlanner = (stored: StoredObject | undefined, revision: number) => WritePlan;

/** What a committed write publishes: a change-log row to announce, or a new compacted revision. */
type WriteEffect = { kind: string; row: ChangeRow } | { compactedTo: number };

/**
 * The embedded {@link Store}: one SQLite file in WAL mode with `synchronous=FULL`, so a write is
 * acknowledged only once its transaction is durable. Writes are group-committed (see
 * {@link GroupCommit}): the writes issued in one turn of the event loop share one IMMEDIATE
 * transaction and one fsync, each in its own savepoint. A write reads the object by primary key,
 * bumps the revision, upserts or deletes the object and appends one change-log row — O(1)
 * statements, all prepared once. Watches are announced to after the commit, in revision order,
 * synchronously, before any write's promise of the batch resolves.
 *
 * better-sqlite3 is synchronous: reads and whole batches (BEGIN to COMMIT) run to completion on
 * the calling tick, which is what makes a list a consistent snapshot of committed state and the
 * watch hand-over from history to live exact.
 */
export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly stmt;
  private readonly batches: GroupCommit<WriteEffect>;
  private readonly watchers = new Map<string, Set<SqliteWatch<StoredObject>>>();
  private readonly feed: ChangeFeed;
  private readonly options: Required<Omit<SqliteStoreOptions, 'path'>>;
  private readonly path: string;
  private revision: number;
  private compacted: number;
  private writesSinceCompaction = 0;
  private closed = false;

  constructor(options: SqliteStoreOptions) {
    if (typeof options.path !== 'string' || options.path === '') {
      throw new InvalidArgumentError('invalid store options', [{ path: 'path', message: 'is required (a file, or ":memory:")' }]);
    }
    this.path = options.path;
    this.options = {
      watchBufferSize: positive(options.watchBufferSize ?? STORE_DEFAULTS.watchBufferSize, 'watchBufferSize'),
      compactionRetainRevisions: nonNegativeInteger(
        options.compactionRetainRevisions ?? STORE_DEFAULTS.compactionRetainRevisions,
        'compactionRetainRevisions',
      ),
      compactionIntervalWrites: positive(
        options.compactionIntervalWrites ?? STORE_DEFAULTS.compactionIntervalWrites,
        'compactionIntervalWrites',
      ),
      busyTimeoutMs: nonNegativeInteger(options.busyTimeoutMs ?? 5000, 'busyTimeoutMs'),
      catchUpBatchSize: positive(options.catchUpBatchSize ?? 256, 'catchUpBatchSize'),
      maxBatchWrites: positive(options.maxBatchWrites ?? 256, 'maxBatchWrites'),
    };
    const memory = options.path === ':memory:';
    if (!memory) mkdirSync(dirname(options.path), { recursive: true });
    this.db = sqlite(this.path, () => new Database(this.path));
    try {
      sqlite(this.path, () => {
        this.db.pragma(`busy_timeout = ${this.options.busyTimeoutMs}`);
        const mode = this.db.pragma('journal_mode = WAL', { simple: true }) as string;
        if (!memory && mode !== 'wal') throw new InternalError(`cannot put ${this.path} in WAL mode (got ${mode})`);
        this.db.pragma('synchronous = FULL');
        migrate(this.db);
      });
    } catch (err) {
      this.db.close();
      throw err;
    }
    this.stmt = prepare(this.db);
    this.batches = new GroupCommit<WriteEffect>(this.db, this.options.maxBatchWrites, {
      mapError: (err) => fromSqliteError(err, this.path),
      beforeCommit: (effects) => this.compactInBatch(effects),
      afterCommit: (effects) => this.publish(effects),
    });
    this.revision = this.stmt.getMeta.get('revision') ?? 0;
    this.compacted = this.stmt.getMeta.get('compacted_revision') ?? 0;
    this.feed = {
      readChanges: (kind, after, limit, namespace) =>
        sqlite(this.path, () =>
          namespace === undefined
            ? this.stmt.changesAfter.all(kind, after, limit)
            : this.stmt.changesAfterInNamespace.all(kind, after, namespace, limit),
        ),
      currentRevision: () => this.revision,
      compactedRevision: () => this.compacted,
      unsubscribe: (watch) => this.watchers.get(watch.kind)?.delete(watch),
    };
  }

  create<T extends StoredObject>(object: T): Promise<T> {
    return this.runWrite(() => {
      const key = keyOfObject(object);
      const input = jsonCopy(object); // the caller may change `object` before the batch runs
      return this.commit(key, (stored, revision) => {
        if (stored) throw new AlreadyExistsError(`${key.kind} "${key.namespace}/${key.name}" already exists`);
        const created = planCreate(input, revision, new Date().toISOString(), randomUUID());
        return { object: created, changed: true, removed: false };
      });
    }).then((result) => result.object as T);
  }

  update<T extends StoredObject>(object: T): Promise<UpdateResult<T>> {
    return this.runWrite(() => {
      const key = keyOfObject(object);
      const input = jsonCopy(object);
      return this.commit(key, (stored, revision) => {
        if (!stored) throw notFound(key);
        return planUpdate(key, stored, input, revision);
      }) as Promise<UpdateResult<T>>;
    });
  }

  updateStatus<T extends StoredObject>(
    kind: string,
    namespace: string,
    name: string,
    status: T['status'],
    preconditions?: Preconditions,
  ): Promise<UpdateResult<T>> {
    return this.runWrite(() => {
      const key = { kind, namespace, name };
      validateKey(key);
      const given = status === undefined ? undefined : jsonCopy(status);
      const conditions = preconditions && { ...preconditions };
      return this.commit(key, (stored, revision) => {
        if (!stored) throw notFound(key);
        return planStatusUpdate(key, stored, given, conditions, revision);
      }) as Promise<UpdateResult<T>>;
    });
  }

  get<T extends StoredObject>(kind: string, namespace: string, name: string): Promise<T> {
    return this.run(() => {
      const key = { kind, namespace, name };
      validateKey(key);
      const json = this.stmt.getObject.get(kind, namespace, name);
      if (json === undefined) throw notFound(key);
      return JSON.parse(json) as T;
    });
  }

  delete<T extends StoredObject>(
    kind: string,
    namespace: string,
    name: string,
    preconditions?: Preconditions,
  ): Promise<DeleteResult<T>> {
    return this.runWrite(() => {
      const key = { kind, namespace, name };
      validateKey(key);
      const conditions = preconditions && { ...preconditions };
      return this.commit(key, (stored, revision) => {
        if (!stored) throw notFound(key);
        return planDelete(key, stored, conditions, revision, new Date().toISOString());
      });
    }).then((result) => ({ object: result.object as T, removed: result.removed }));
  }

  list<T extends StoredObject>(kind: string, options: ListOptions<T> = {}): Promise<ListResult<T>> {
    return this.run(() => {
      validateKey({ kind, namespace: '', name: '-' });
      const { namespace, filter } = options;
      const selector = resolveSelector(options.labelSelector);
      const limit = nonNegativeInteger(options.limit ?? 0, 'limit');
      let revision = this.revision;
      // Names are never empty, so ('', '') sorts before every key: the first page starts there.
      let after = { namespace: '', name: '' };
      if (options.continueToken) {
        const position = decodeContinueToken(options.continueToken, kind, namespace);
        if (position.revision < this.compacted) {
          throw new RevisionCompactedError(
            `the list's snapshot revision ${position.revision} has been compacted (oldest available ${this.compacted}); start the list again without a continue token`,
          );
        }
        if (position.revision > this.revision) {
          throw new InvalidArgumentError('invalid continue token', [
            { path: 'continueToken', message: `revision ${position.revision} is newer than the store (${this.revision})` },
          ]);
        }
        ({ revision, after } = position);
      }
      const items: T[] = [];
      let continueToken: string | undefined;
      for (const row of this.snapshot(kind, namespace, revision, after)) {
        const object = JSON.parse(row.object) as T;
        if (selector && !matchesLabels(selector, object.metadata.labels)) continue;
        if (filter && !filter(object)) continue;
        if (limit > 0 && items.length === limit) {
          const last = items[items.length - 1]!.metadata;
          continueToken = encodeContinueToken(kind, namespace, { revision, after: { namespace: last.namespace, name: last.name } });
          break;
        }
        items.push(object);
      }
      return continueToken === undefined ? { items, revision } : { items, revision, continueToken };
    });
  }

  watch<T extends StoredObject>(kind: string, options: WatchOptions): StoreWatch<T> {
    this.assertOpen();
    validateKey({ kind, namespace: '', name: '-' });
    const fromRevision = nonNegativeInteger(options.fromRevision, 'fromRevision');
    const filter = { namespace: options.namespace, selector: resolveSelector(options.labelSelector) };
    const maxBuffered = positive(options.maxBufferedEvents ?? this.options.watchBufferSize, 'maxBufferedEvents');
    const watch = new SqliteWatch<T>(this.feed, kind, filter, fromRevision, maxBuffered, this.options.catchUpBatchSize, options.signal);
    let set = this.watchers.get(kind);
    if (!set) this.watchers.set(kind, (set = new Set()));
    set.add(watch);
    return watch;
  }

  currentRevision(): Promise<number> {
    return this.run(() => this.revision);
  }

  /** The revision at or below which the change log has been dropped (0 when never compacted). */
  compactedRevision(): Promise<number> {
    return this.run(() => this.compacted);
  }

  compact(revision: number): Promise<void> {
    return this.runWrite(() => {
      nonNegativeInteger(revision, 'revision');
      // A write like any other: it is checked against, and ordered after, the writes queued before it.
      return this.batches.submit(() => {
        const current = this.stmt.getMeta.get('revision') ?? 0;
        if (revision > current) {
          throw new InvalidArgumentError('invalid compaction revision', [
            { path: 'revision', message: `${revision} is in the future (current revision ${current})` },
          ]);
        }
        return { value: undefined, effect: this.compactTo(revision) };
      });
    });
  }

  /** Commits the writes still queued, ends every watch and closes the database. */
  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      try {
        this.batches.drain();
      } finally {
        for (const set of this.watchers.values()) for (const watch of [...set]) watch.close();
        this.watchers.clear();
        this.db.close();
      }
    }
    return Promise.resolve();
  }

  /** Runs a synchronous operation on an open store as a promise (errors become rejections). */
  private run<R>(operation: () => R): Promise<R> {
    return new Promise((resolve) => {
      this.assertOpen();
      resolve(sqlite(this.path, operation));
    });
  }

  /** Queues a write on an open store (its validation errors become rejections). */
  private runWrite<R>(operation: () => Promise<R>): Promise<R> {
    return new Promise((resolve) => {
      this.assertOpen();
      resolve(operation());
    });
  }

  private assertOpen(): void {
    if (this.closed) throw new FailedPreconditionError('the store is closed');
  }

  /** One write, queued for the next batch: resolves with its plan once the batch has committed. */
  private commit(key: ObjectKey, plan: WritePlanner): Promise<WritePlan> {
    return this.batches.submit(() => this.writeInTransaction(key, plan));
  }

  /**
   * Inside the batch's transaction: reads the stored object, asks `plan` what to write at the next
   * revision (the revision row already counts the batch's earlier writes), and writes it with its
   * change-log row. Writes nothing when the plan says nothing changed.
   */
  private writeInTransaction(key: ObjectKey, plan: WritePlanner): Applied<WritePlan, WriteEffect> {
    const { kind, namespace, name } = key;
    const storedJson = this.stmt.getObject.get(kind, namespace, name);
    const stored = storedJson === undefined ? undefined : (JSON.parse(storedJson) as StoredObject);
    const revision = (this.stmt.getMeta.get('revision') ?? 0) + 1;
    const result = plan(stored, revision);
    if (!result.changed) return { value: result };
    const json = JSON.stringify(result.object);
    const type: WatchEventType = result.removed ? 'DELETED' : stored ? 'MODIFIED' : 'ADDED';
    if (result.removed) this.stmt.deleteObject.run(kind, namespace, name);
    else this.stmt.upsertObject.run(kind, namespace, name, revision, json);
    const row: ChangeRow = { revision, type, namespace, name, object: json, prev_object: storedJson ?? null };
    this.stmt.insertChange.run(revision, type, kind, namespace, name, json, row.prev_object);
    this.stmt.setMeta.run(revision, 'revision');
    return { value: { ...result, object: JSON.parse(json) as StoredObject }, effect: { kind, row } };
  }

  /** After a batch's commit: moves the revision along and announces each change, in revision order. */
  private publish(effects: readonly WriteEffect[]): void {
    let written = 0;
    for (const effect of effects) {
      if ('row' in effect) {
        written++;
        this.revision = effect.row.revision;
        for (const watch of this.watchers.get(effect.kind) ?? []) watch.announce(effect.row);
      } else {
        this.compacted = Math.max(this.compacted, effect.compactedTo);
      }
    }
    if (this.compactionDue(written)) this.writesSinceCompaction = 0;
    else this.writesSinceCompaction += written;
  }

  /**
   * The objects of `kind` as they were at `revision`, after `after`, in key order. Objects not
   * written since `revision` come from the objects table; for keys written since, the state at
   * `revision` is the `prev_object` of their first change after it (absent when that is NULL).
   */
  private *snapshot(
    kind: string,
    namespace: string | undefined,
    revision: number,
    after: { namespace: string; name: string },
  ): Generator<ObjectRow> {
    const changedSince = new Map<string, ObjectRow | null>();
    if (revision < this.revision) {
      for (const row of this.stmt.changesAfterAll.iterate(kind, revision)) {
        const key = `${row.namespace}\u0000${row.name}`;
        if (!changedSince.has(key)) {
          changedSince.set(key, row.prev_object === null ? null : { namespace: row.namespace, name: row.name, object: row.prev_object });
        }
      }
    }
    const inRange = (k: { namespace: string; name: string }) =>
      (namespace === undefined || k.namespace === namespace) && compareObjectKeys(k, after) > 0;
    const older: ObjectRow[] = [...changedSince.values()].filter((r): r is ObjectRow => r !== null && inRange(r));
    older.sort(compareObjectKeys);

    const current =
      namespace !== undefined
        ? this.stmt.objectsInNamespace.iterate(kind, namespace, after.namespace === namespace ? after.name : '')
        : this.stmt.objectsAfter.iterate(kind, after.namespace, after.name);
    let i = 0;
    for (const row of current) {
      if (changedSince.has(`${row.namespace}\u0000${row.name}`)) continue;
      while (i < older.length && compareObjectKeys(older[i]!, row) < 0) yield older[i++]!;
      yield row;
    }
    while (i < older.length) yield older[i++]!;
  }

  /** Whether automatic compaction runs with a batch of `written` changes (every `compactionIntervalWrites`). */
  private compactionDue(written: number): boolean {
    const { compactionRetainRevisions: retain, compactionIntervalWrites: interval } = this.options;
    return retain > 0 && written > 0 && this.writesSinceCompaction + written >= interval;
  }

  /** Automatic compaction, riding on the batch's commit when due: keeps the last `compactionRetainRevisions`. */
  private compactInBatch(effects: readonly WriteEffect[]): WriteEffect | undefined {
    const rows = effects.filter((e): e is { kind: string; row: ChangeRow } => 'row' in e);
    if (!this.compactionDue(rows.length)) return undefined;
    return this.compactTo(rows[rows.length - 1]!.row.revision - this.options.compactionRetainRevisions);
  }

  /** Inside a batch: drops the change log at or below `revision`, unless already compacted that far. */
  private compactTo(revision: number): WriteEffect | undefined {
    if (revision <= (this.stmt.getMeta.get('compacted_revision') ?? 0)) return undefined;
    this.stmt.deleteChangesUpTo.run(revision);
    this.stmt.setMeta.run(revision, 'compacted_revision');
    return { compactedTo: revision };
  }
}

function positive(value: number, path: string): number {
  if (nonNegativeInteger(value, path) === 0) {
    throw new InvalidArgumentError(`invalid ${path}`, [{ path, message: 'must be at least 1' }]);
  }
  return value;
}

/** Every statement the store runs, prepared once. */
function prepare(db: Database.Database) {
  return {
    getMeta: db.prepare<[string], number>('SELECT value FROM meta WHERE key = ?').pluck(),
    setMeta: db.prepare<[number, string]>('UPDATE meta SET value = ? WHERE key = ?'),
    getObject: db.prepare<[string, string, string], string>('SELECT object FROM objects WHERE kind = ? AND namespace = ? AND name = ?').pluck(),
    upsertObject: db.prepare<[string, string, string, number, string]>(
      `INSERT INTO objects (kind, namespace, name, revision, object) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (kind, namespace, name) DO UPDATE SET revision = excluded.revision, object = excluded.object`,
    ),
    deleteObject: db.prepare<[string, string, string]>('DELETE FROM objects WHERE kind = ? AND namespace = ? AND name = ?'),
    insertChange: db.prepare<[number, WatchEventType, string, string, string, string, string | null]>(
      'INSERT INTO changes (revision, type, kind, namespace, name, object, prev_object) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    deleteChangesUpTo: db.prepare<[number]>('DELETE FROM changes WHERE revision <= ?'),
    changesAfter: db.prepare<[string, number, number], ChangeRow>(
      `SELECT revision, type, namespace, name, object, prev_object FROM changes
       WHERE kind = ? AND revision > ? ORDER BY revision LIMIT ?`,
    ),
    changesAfterInNamespace: db.prepare<[string, number, string, number], ChangeRow>(
      `SELECT revision, type, namespace, name, object, prev_object FROM changes
       WHERE kind = ? AND revision > ? AND namespace = ? ORDER BY revision LIMIT ?`,
    ),
    changesAfterAll: db.prepare<[string, number], Pick<ChangeRow, 'namespace' | 'name' | 'prev_object'>>(
      'SELECT namespace, name, prev_object FROM changes WHERE kind = ? AND revision > ? ORDER BY revision',
    ),
    objectsAfter: db.prepare<[string, string, string], ObjectRow>(
      `SELECT namespace, name, object FROM objects
       WHERE kind = ? AND (namespace, name) > (?, ?) ORDER BY namespace, name`,
    ),
    objectsInNamespace: db.prepare<[string, string, string], ObjectRow>(
      'SELECT namespace, name, object FROM objects WHERE kind = ? AND namespace = ? AND name > ? ORDER BY name',
    ),
  };
}
