import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { StoredObject } from '@mosaic/api';
import { afterEach, beforeEach, describe, it } from 'mocha';
import { compareCodePoints } from '../internal/key-order.js';
import { SCHEMA_VERSION } from './schema.js';
import type { SqliteStoreOptions } from './sqlite-store-options.js';
import { createSqliteStore, type SqliteStore } from './sqlite-store.js';

const KIND = 'Widget';
const widget = (name: string, namespace = 'default', spec: unknown = { size: 1 }): StoredObject => ({
  apiVersion: 'test.mosaic.dev/v1',
  kind: KIND,
  metadata: { name, namespace },
  spec,
});

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (err) {
    return (err as { code?: string }).code;
  }
}

describe('SqliteStore (backend specifics)', () => {
  let dir: string;
  let path: string;
  const open: SqliteStore[] = [];
  const openStore = async (options: Omit<SqliteStoreOptions, 'path'> = {}, at = path) => {
    const store = await createSqliteStore({ ...options, path: at });
    open.push(store);
    return store;
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mosaic-sqlite-'));
    path = join(dir, 'state', 'mosaic.db');
  });
  afterEach(async () => {
    for (const store of open.splice(0)) await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('creates the directory and a WAL-mode database at the current schema version', async () => {
    const store = await openStore();
    await store.create(widget('a'));
    assert.ok(existsSync(path));
    const db = new Database(path, { readonly: true });
    try {
      assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
      assert.equal(db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
      assert.equal(db.prepare('SELECT count(*) FROM changes').pluck().get(), 1);
    } finally {
      db.close();
    }
  });

  it('keeps objects, history, revision and compaction across close and reopen', async () => {
    const first = await openStore();
    for (let i = 0; i < 5; i++) await first.create(widget(`w${i}`));
    await first.compact(2);
    await first.close();

    const second = await openStore();
    assert.equal(await second.currentRevision(), 5);
    assert.equal(await second.compactedRevision(), 2);
    assert.equal((await second.list(KIND)).items.length, 5);
    const next = await second.create(widget('w5'));
    assert.equal(next.metadata.resourceVersion, '6');
    const watch = second.watch(KIND, { fromRevision: 2 });
    const seen: number[] = [];
    for await (const event of watch) {
      seen.push(event.revision);
      if (event.revision === 6) break;
    }
    assert.deepEqual(seen, [3, 4, 5, 6]);
    assert.equal(await codeOf(second.watch(KIND, { fromRevision: 1 })[Symbol.asyncIterator]().next()), 'OUT_OF_RANGE');
  });

  it('refuses a database written by a newer schema version (FAILED_PRECONDITION)', async () => {
    await (await openStore()).close();
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    assert.equal(await codeOf(createSqliteStore({ path })), 'FAILED_PRECONDITION');
  });

  it('fails a write with UNAVAILABLE when another connection holds the lock past busyTimeoutMs', async () => {
    const store = await openStore({ busyTimeoutMs: 50 });
    await store.create(widget('a'));
    const other = new Database(path);
    try {
      other.prepare('BEGIN IMMEDIATE').run();
      assert.equal(await codeOf(store.create(widget('b'))), 'UNAVAILABLE');
      other.prepare('ROLLBACK').run();
      await store.create(widget('b'));
      assert.equal(await store.currentRevision(), 2);
    } finally {
      other.close();
    }
  });

  it('rejects an empty path as INVALID_ARGUMENT', async () => {
    assert.equal(await codeOf(createSqliteStore({ path: '' })), 'INVALID_ARGUMENT');
  });

  it('works in memory', async () => {
    const store = await openStore({}, ':memory:');
    const created = await store.create(widget('a'));
    assert.deepEqual(await store.get(KIND, 'default', 'a'), created);
  });

  const badOptions: { name: string; options: Omit<SqliteStoreOptions, 'path'> }[] = [
    { name: 'watchBufferSize 0', options: { watchBufferSize: 0 } },
    { name: 'negative compactionRetainRevisions', options: { compactionRetainRevisions: -1 } },
    { name: 'compactionIntervalWrites 0', options: { compactionIntervalWrites: 0 } },
    { name: 'fractional busyTimeoutMs', options: { busyTimeoutMs: 1.5 } },
    { name: 'catchUpBatchSize 0', options: { catchUpBatchSize: 0 } },
    { name: 'maxBatchWrites 0', options: { maxBatchWrites: 0 } },
  ];
  for (const tc of badOptions) {
    it(`rejects ${tc.name} as INVALID_ARGUMENT`, async () => {
      assert.equal(await codeOf(createSqliteStore({ ...tc.options, path })), 'INVALID_ARGUMENT');
    });
  }

  describe('automatic compaction', () => {
    const cases: { retain: number; interval: number; writes: number; compacted: number }[] = [
      { retain: 10, interval: 5, writes: 30, compacted: 20 },
      { retain: 10, interval: 5, writes: 14, compacted: 0 },
      { retain: 10, interval: 5, writes: 15, compacted: 5 },
      { retain: 10, interval: 7, writes: 30, compacted: 18 },
      { retain: 0, interval: 1, writes: 30, compacted: 0 },
    ];
    for (const tc of cases) {
      it(`keeping ${tc.retain} revisions every ${tc.interval} writes, after ${tc.writes} writes the log starts after ${tc.compacted}`, async () => {
        const store = await openStore({ compactionRetainRevisions: tc.retain, compactionIntervalWrites: tc.interval });
        for (let i = 0; i < tc.writes; i++) await store.create(widget(`w${i}`));
        assert.equal(await store.compactedRevision(), tc.compacted);
        assert.equal((await store.list(KIND)).items.length, tc.writes, 'objects are never compacted');
        if (tc.compacted > 0) {
          assert.equal(await codeOf(store.watch(KIND, { fromRevision: tc.compacted - 1 })[Symbol.asyncIterator]().next()), 'OUT_OF_RANGE');
        }
      });
    }

    it('does not count no-op writes', async () => {
      const store = await openStore({ compactionRetainRevisions: 1, compactionIntervalWrites: 2 });
      const a = await store.create(widget('a'));
      for (let i = 0; i < 5; i++) await store.update(a);
      assert.equal(await store.compactedRevision(), 0);
    });
  });

  it('fails a watch that is still catching up when compaction overtakes it', async () => {
    const store = await openStore({ catchUpBatchSize: 2 });
    for (let i = 0; i < 10; i++) await store.create(widget(`w${i}`));
    const watch = store.watch(KIND, { fromRevision: 0 });
    const it = watch[Symbol.asyncIterator]();
    for (const want of [1, 2]) {
      const result = await it.next();
      assert.ok(!result.done);
      assert.equal(result.value.revision, want);
    }
    await store.compact(6);
    await assert.rejects(it.next(), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'OUT_OF_RANGE');
      assert.match(err.message, /revision 2 has been compacted \(oldest available 6\); re-list and watch from the list's revision/);
      return true;
    });
  });

  it('does not buffer for a watch that is never read', async () => {
    const store = await openStore({ watchBufferSize: 2 });
    const watch = store.watch(KIND, { fromRevision: 0 });
    for (let i = 0; i < 10; i++) await store.create(widget(`w${i}`));
    // It was never live, so nothing was buffered and nothing overflowed: it replays from the log.
    const seen: number[] = [];
    for await (const event of watch) {
      seen.push(event.revision);
      if (seen.length === 10) break;
    }
    assert.deepEqual(seen, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  describe('group commit', () => {
    it('commits concurrent writes in one batch: a conflicting one fails alone, the others get consecutive revisions', async () => {
      const store = await openStore();
      const a = await store.create(widget('a')); // revision 1
      const watch = store.watch(KIND, { fromRevision: 1 });
      // Issued in one turn, so they share a batch; the second update's precondition held when it
      // was issued but not after the first update, which precedes it in the batch.
      const results = await Promise.allSettled([
        store.create(widget('b')),
        store.update({ ...a, spec: { size: 2 } }),
        store.update({ ...a, spec: { size: 3 } }),
        store.updateStatus(KIND, 'default', 'missing', { phase: 'x' }),
        store.delete(KIND, 'default', 'b'),
        store.create(widget('c')),
      ]);
      const outcome = (r: PromiseSettledResult<unknown>) => {
        if (r.status === 'rejected') return (r.reason as { code?: string }).code;
        const value = r.value as StoredObject | { object: StoredObject };
        return ('object' in value ? value.object : value).metadata.resourceVersion;
      };
      assert.deepEqual(results.map(outcome), ['2', '3', 'ABORTED', 'NOT_FOUND', '4', '5']);
      assert.equal(await store.currentRevision(), 5);
      assert.deepEqual((await store.get(KIND, 'default', 'a')).spec, { size: 2 });
      assert.deepEqual((await store.list(KIND)).items.map((o) => o.metadata.name), ['a', 'c']);
      const seen: string[] = [];
      for await (const event of watch) {
        seen.push(`${event.revision}:${event.type}:${event.object.metadata.name}`);
        if (event.revision === 5) break;
      }
      assert.deepEqual(seen, ['2:ADDED:b', '3:MODIFIED:a', '4:DELETED:b', '5:ADDED:c']);
    });

    it('splits a batch larger than maxBatchWrites and commits each part before the next runs', async () => {
      const store = await openStore({ maxBatchWrites: 4 });
      const settled: number[] = [];
      const writes = Array.from({ length: 10 }, (_, i) => store.create(widget(`w${i}`)).then((w) => (settled.push(i), w)));
      await writes[3]; // the last write of the first batch
      assert.deepEqual(settled, [0, 1, 2, 3], 'the first batch settled alone');
      assert.equal(await store.currentRevision(), 4, 'reads see the committed first batch only');
      const created = await Promise.all(writes);
      assert.deepEqual(created.map((w) => w.metadata.resourceVersion), ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
      assert.deepEqual(settled, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    });

    it('keeps what a write was given, even if the caller changes it before the batch runs', async () => {
      const store = await openStore();
      const object = widget('a');
      const pending = store.create(object);
      (object.spec as { size: number }).size = 99;
      object.metadata.name = 'b';
      assert.equal((await pending).metadata.name, 'a');
      assert.deepEqual((await store.get(KIND, 'default', 'a')).spec, { size: 1 });
    });

    it('commits the writes still queued when the store closes', async () => {
      const first = await openStore();
      const pending = [first.create(widget('a')), first.create(widget('b'))];
      await first.close();
      assert.deepEqual((await Promise.all(pending)).map((w) => w.metadata.resourceVersion), ['1', '2']);
      const second = await openStore();
      assert.equal((await second.list(KIND)).items.length, 2);
    });

    it('compacts automatically within a batch, as with sequential writes', async () => {
      const store = await openStore({ compactionRetainRevisions: 10, compactionIntervalWrites: 5 });
      await Promise.all(Array.from({ length: 30 }, (_, i) => store.create(widget(`w${i}`))));
      assert.equal(await store.compactedRevision(), 20);
    });
  });

  it('orders keys by code point on every page, even beyond the BMP and across writes', async () => {
    const store = await openStore();
    const names = ['a', 'b', 'z', 'é', 'ž', '\uE000x', '\uFFFDx', '😀', '𝔸', 'A', '0', 'a-b', 'a.b'];
    for (const name of names) await store.create(widget(name));
    const expected = [...names].sort(compareCodePoints);
    assert.deepEqual((await store.list(KIND)).items.map((o) => o.metadata.name), expected);

    const first = await store.list(KIND, { limit: 4 });
    // Writes after the snapshot, so later pages merge current rows with history.
    await store.delete(KIND, 'default', '😀');
    await store.update({ ...(await store.get(KIND, 'default', '\uFFFDx')), spec: { size: 2 } });
    await store.create(widget('\uE001'));
    const pages = [first.items];
    let token = first.continueToken;
    while (token) {
      const page = await store.list(KIND, { limit: 4, continueToken: token });
      pages.push(page.items);
      token = page.continueToken;
    }
    assert.deepEqual(pages.flat().map((o) => o.metadata.name), expected);
  });
});
