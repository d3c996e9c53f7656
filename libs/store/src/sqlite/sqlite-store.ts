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

/** The outcome of a write transaction: the plan, and the change-log row when it wrote one. */
interface Written {
  plan: WritePlan;
  row?: ChangeRow;
}

/**
 * The embedded {@link Store}: one SQLite file in WAL mode with `synchronous=FULL`, so a write is
 * acknowledged only once its transaction is durable. Every write is one IMMEDIATE transaction
 * that reads the object by primary key, bumps the revision, upserts or deletes the object and
 * appends one change-log row — O(1) statements, all prepared once. Watches are announced to
 * after the commit, synchronously, before the write's promise resolves.
 *
 * better-sqlite3 is synchronous: every method runs to completion on the calling tick, which is
 * what makes a list a consistent snapshot and the watch hand-over from history to live exact.
 */
export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly stmt;
  private readonly writeTxn: Database.Transaction<(key: ObjectKey, plan: WritePlanner) => Written>;
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
    this.writeTxn = this.db.transaction((key: ObjectKey, plan: WritePlanner) => this.writeInTransaction(key, plan));
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
    return this.run(() => {
      const key = keyOfObject(object);
      return this.commit(key, (stored, revision) => {
        if (stored) throw new AlreadyExistsError(`${key.kind} "${key.namespace}/${key.name}" already exists`);
        const created = planCreate(object, revision, new Date().toISOString(), randomUUID());
        return { object: created, changed: true, removed: false };
      }).object as T;
    });
  }

  update<T extends StoredObject>(object: T): Promise<UpdateResult<T>> {
    return this.run(() => {
      const key = keyOfObject(object);
      return this.commit(key, (stored, revision) => {
        if (!stored) throw notFound(key);
        return planUpdate(key, stored, object, revision);
      }) as UpdateResult<T>;
    });
  }

  updateStatus<T extends StoredObject>(
    kind: string,
    namespace: string,
    name: string,
    status: T['status'],
    preconditions?: Preconditions,
  ): Promise<UpdateResult<T>> {
    return this.run(() => {
      const key = { kind, namespace, name };
      validateKey(key);
      return this.commit(key, (stored, revision) => {
        if (!stored) throw notFound(key);
        return planStatusUpdate(key, stored, status, preconditions, revision);
      }) as UpdateResult<T>;
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
    return this.run(() => {
      const key = { kind, namespace, name };
      validateKey(key);
      const result = this.commit(key, (stored, revision) => {
        if (!stored) throw notFound(key);
        return planDelete(key, stored, preconditions, revision, new Date().toISOString());
      });
      return { object: result.object as T, removed: result.removed };
    });
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
    return this.run(() => {
      nonNegativeInteger(revision, 'revision');
      if (revision > this.revision) {
        throw new InvalidArgumentError('invalid compaction revision', [
          { path: 'revision', message: `${revision} is in the future (current revision ${this.revision})` },
        ]);
      }
      this.compactTo(revision);
    });
  }

  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      for (const set of this.watchers.values()) for (const watch of [...set]) watch.close();
      this.watchers.clear();
      this.db.close();
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

  private assertOpen(): void {
    if (this.closed) throw new FailedPreconditionError('the store is closed');
  }

  /**
   * One write: in a single IMMEDIATE transaction, reads the stored object, asks `plan` what to
   * write at the next revision, and writes it with its change-log row. Commits nothing when the
   * plan says nothing changed. Announces the change to watches after the commit.
   */
  private commit(key: ObjectKey, plan: WritePlanner): WritePlan {
    const committed = this.writeTxn.immediate(key, plan);
    if (committed.row) {
      this.revision = committed.row.revision;
      for (const watch of this.watchers.get(key.kind) ?? []) watch.announce(committed.row);
      this.maybeCompact();
    }
    return committed.plan;
  }

  private writeInTransaction(key: ObjectKey, plan: WritePlanner): Written {
    const { kind, namespace, name } = key;
    const storedJson = this.stmt.getObject.get(kind, namespace, name);
    const stored = storedJson === undefined ? undefined : (JSON.parse(storedJson) as StoredObject);
    const revision = (this.stmt.getMeta.get('revision') ?? 0) + 1;
    const result = plan(stored, revision);
    if (!result.changed) return { plan: result };
    const json = JSON.stringify(result.object);
    const type: WatchEventType = result.removed ? 'DELETED' : stored ? 'MODIFIED' : 'ADDED';
    if (result.removed) this.stmt.deleteObject.run(kind, namespace, name);
    else this.stmt.upsertObject.run(kind, namespace, name, revision, json);
    const row: ChangeRow = { revision, type, namespace, name, object: json, prev_object: storedJson ?? null };
    this.stmt.insertChange.run(revision, type, kind, namespace, name, json, row.prev_object);
    this.stmt.setMeta.run(revision, 'revision');
    return { plan: { ...result, object: JSON.parse(json) as StoredObject }, row };
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

  private maybeCompact(): void {
    const { compactionRetainRevisions: retain, compactionIntervalWrites: interval } = this.options;
    if (retain === 0 || ++this.writesSinceCompaction < interval) return;
    this.writesSinceCompaction = 0;
    if (this.revision - retain > this.compacted) this.compactTo(this.revision - retain);
  }

  private compactTo(revision: number): void {
    if (revision <= this.compacted) return;
    this.db.transaction(() => {
      this.stmt.deleteChangesUpTo.run(revision);
      this.stmt.setMeta.run(revision, 'compacted_revision');
    }).immediate();
    this.compacted = revision;
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
