import type BetterSqlite3 from 'better-sqlite3';
import { FailedPreconditionError } from '@mosaic/api';

/**
 * Schema migrations, applied in order; the database's `user_version` pragma counts how many have
 * run. Append new steps, never edit old ones: a database written by an older build upgrades by
 * running the steps it has not seen, each in its own transaction.
 */
const MIGRATIONS: readonly ((db: BetterSqlite3.Database) => void)[] = [
  // 1: current objects, the change log, and the store's counters.
  (db) => {
    db.exec(`
      CREATE TABLE objects (
        kind      TEXT    NOT NULL,
        namespace TEXT    NOT NULL,
        name      TEXT    NOT NULL,
        revision  INTEGER NOT NULL,           -- revision of the object's last write
        object    TEXT    NOT NULL,           -- the object as JSON
        PRIMARY KEY (kind, namespace, name)
      ) WITHOUT ROWID;

      CREATE TABLE changes (
        revision    INTEGER PRIMARY KEY,      -- one entry per revision, in order
        type        TEXT    NOT NULL CHECK (type IN ('ADDED', 'MODIFIED', 'DELETED')),
        kind        TEXT    NOT NULL,
        namespace   TEXT    NOT NULL,
        name        TEXT    NOT NULL,
        object      TEXT    NOT NULL,         -- state after the change (last state for DELETED)
        prev_object TEXT                      -- state before it (NULL for ADDED): lists at an older
                                              -- revision and filtered watches need it
      );
      CREATE INDEX changes_by_kind ON changes (kind, revision);

      CREATE TABLE meta (
        key   TEXT    PRIMARY KEY,
        value INTEGER NOT NULL
      ) WITHOUT ROWID;
      INSERT INTO meta (key, value) VALUES ('revision', 0), ('compacted_revision', 0);
    `);
  },
];

/** The schema version this build writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Brings the database to {@link SCHEMA_VERSION}.
 * @throws FailedPreconditionError when the database was written by a newer build.
 */
export function migrate(db: BetterSqlite3.Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new FailedPreconditionError(
      `store database ${db.name} has schema version ${version}, newer than this build supports (${SCHEMA_VERSION}); upgrade Mosaic or use another state directory`,
    );
  }
  for (let v = version; v < SCHEMA_VERSION; v++) {
    db.transaction(() => {
      MIGRATIONS[v]?.(db);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}
