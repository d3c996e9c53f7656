import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, it } from 'mocha';
import { GroupCommit, type Applied, type GroupCommitHooks } from './group-commit.js';

/** A table of numbers; each write inserts one, `fail` makes a write throw after inserting. */
describe('GroupCommit', () => {
  let db: Database.Database;
  let batches: number[][];
  const hooks = (extra: Partial<GroupCommitHooks<number>> = {}): GroupCommitHooks<number> => ({
    mapError: (err) => err,
    afterCommit: (effects) => void batches.push([...effects]),
    ...extra,
  });
  const insert = (n: number, fail = false) => (): Applied<number, number> => {
    db.prepare('INSERT INTO t (n) VALUES (?)').run(n);
    if (fail) throw new Error(`write ${n} failed`);
    return { value: n * 10, effect: n };
  };
  const stored = () => db.prepare('SELECT n FROM t ORDER BY n').pluck().all() as number[];

  beforeEach(() => {
    db = new Database(':memory:');
    db.exec('CREATE TABLE t (n INTEGER PRIMARY KEY)');
    batches = [];
  });
  afterEach(() => db.close());

  it('commits the writes of one turn together; a failing write rolls back and rejects alone', async () => {
    const group = new GroupCommit(db, 256, hooks());
    const results = await Promise.allSettled([1, 2, 3, 4].map((n) => group.submit(insert(n, n === 2))));
    assert.deepEqual(
      results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message)),
      [10, 'write 2 failed', 30, 40],
    );
    assert.deepEqual(batches, [[1, 3, 4]], 'one commit, effects of the successful writes in order');
    assert.deepEqual(stored(), [1, 3, 4]);
    assert.equal(db.inTransaction, false);
  });

  const splits: { name: string; writes: number; max: number; batches: number[] }[] = [
    { name: 'fits in one batch', writes: 5, max: 5, batches: [5] },
    { name: 'one over splits off one', writes: 6, max: 5, batches: [5, 1] },
    { name: 'many batches', writes: 10, max: 4, batches: [4, 4, 2] },
    { name: 'batches of one', writes: 3, max: 1, batches: [1, 1, 1] },
  ];
  for (const tc of splits) {
    it(`splits ${tc.writes} writes at maxBatchWrites ${tc.max}: ${tc.name}`, async () => {
      const group = new GroupCommit(db, tc.max, hooks());
      const ns = Array.from({ length: tc.writes }, (_, i) => i + 1);
      assert.deepEqual(await Promise.all(ns.map((n) => group.submit(insert(n)))), ns.map((n) => n * 10));
      assert.deepEqual(batches.map((b) => b.length), tc.batches);
      assert.deepEqual(batches.flat(), ns, 'in submission order');
    });
  }

  it('settles a batch only after its commit, and publishes before resolving', async () => {
    const order: string[] = [];
    const group = new GroupCommit(db, 256, hooks({ afterCommit: () => void order.push(`published, in transaction: ${db.inTransaction}`) }));
    await Promise.all([1, 2].map((n) => group.submit(insert(n)).then(() => order.push(`resolved ${n}`))));
    assert.deepEqual(order, ['published, in transaction: false', 'resolved 1', 'resolved 2']);
  });

  it('rejects every write and publishes nothing when COMMIT fails', async () => {
    // A deferred foreign key is checked at COMMIT, which then fails and leaves the transaction open.
    db.pragma('foreign_keys = ON');
    db.exec('CREATE TABLE parent (id INTEGER PRIMARY KEY); CREATE TABLE child (p INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)');
    const group = new GroupCommit(db, 256, hooks());
    const orphan = (): Applied<number, number> => {
      db.prepare('INSERT INTO child (p) VALUES (42)').run();
      return { value: 0, effect: 0 };
    };
    const results = await Promise.allSettled([group.submit(insert(1)), group.submit(insert(2, true)), group.submit(orphan)]);
    assert.deepEqual(
      results.map((r) => (r.status === 'rejected' ? ((r.reason as { code?: string }).code ?? (r.reason as Error).message) : 'fulfilled')),
      ['SQLITE_CONSTRAINT_FOREIGNKEY', 'write 2 failed', 'SQLITE_CONSTRAINT_FOREIGNKEY'],
    );
    assert.deepEqual(batches, []);
    assert.deepEqual(stored(), []);
    assert.equal(db.inTransaction, false, 'the failed batch was rolled back');
    assert.equal(await group.submit(insert(3)), 30, 'the next batch commits');
    assert.deepEqual(stored(), [3]);
  });

  it('rejects every write of the batch when BEGIN fails', async () => {
    db.exec('BEGIN'); // someone else's transaction on the connection: BEGIN IMMEDIATE cannot nest
    const group = new GroupCommit(db, 256, hooks());
    const results = await Promise.allSettled([group.submit(insert(1)), group.submit(insert(2))]);
    assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected']);
    db.exec('ROLLBACK');
    assert.deepEqual(batches, []);
  });

  it('commits a beforeCommit write with the batch; a throwing one rolls back alone', async () => {
    let calls = 0;
    const group = new GroupCommit(
      db,
      256,
      hooks({
        beforeCommit: (effects) => {
          calls++;
          db.prepare('INSERT INTO t (n) VALUES (?)').run(100 + effects.length);
          if (calls === 2) throw new Error('compaction failed');
          return 100 + effects.length;
        },
      }),
    );
    await Promise.all([group.submit(insert(1)), group.submit(insert(2))]);
    await group.submit(insert(3));
    assert.deepEqual(batches, [[1, 2, 102], [3]]);
    assert.deepEqual(stored(), [1, 2, 3, 102]);
  });

  it('drain commits what is queued, synchronously', async () => {
    const group = new GroupCommit(db, 2, hooks());
    const pending = [1, 2, 3].map((n) => group.submit(insert(n)));
    group.drain();
    assert.deepEqual(stored(), [1, 2, 3]);
    assert.deepEqual(batches, [[1, 2], [3]]);
    assert.deepEqual(await Promise.all(pending), [10, 20, 30]);
  });
});
