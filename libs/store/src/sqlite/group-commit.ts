import type Database from 'better-sqlite3';

/** What one write did inside the batch's transaction. */
export interface Applied<V, E> {
  /** What the write's promise resolves with, once the batch is committed. */
  value: V;
  /** What the owner publishes after the commit (e.g. a change-log row to announce); none for a no-op. */
  effect?: E;
}

/** How the owner of a {@link GroupCommit} takes part in each batch. */
export interface GroupCommitHooks<E> {
  /** Turns an error thrown by SQLite (BEGIN, a write, COMMIT) into the one a caller sees. */
  mapError(error: unknown): unknown;
  /**
   * Runs inside the transaction after the batch's writes, in its own savepoint, given their
   * effects: an internal write that rides on the same commit (automatic compaction). A throw rolls
   * back only this step.
   */
  beforeCommit?(effects: readonly E[]): E | undefined;
  /** Runs after the commit and before any promise of the batch settles, with the effects in write order. */
  afterCommit(effects: readonly E[]): void;
}

interface QueuedWrite<E> {
  apply: () => Applied<unknown, E>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome<E> = { ok: true; applied: Applied<unknown, E> } | { ok: false; error: unknown };

/**
 * Group commit for one better-sqlite3 connection, as etcd batches its backend transactions: writes
 * submitted while a batch is pending join it, and the batch costs one COMMIT — one fsync under
 * `synchronous=FULL` — however many writes it holds.
 *
 * - **Scheduling.** The first write into an empty queue schedules a flush with `setImmediate`:
 *   a lone write waits only for the current turn of the event loop, while every write issued by
 *   the I/O callbacks of that turn (concurrent requests, and requests that arrived while the
 *   previous fsync blocked the loop) joins the same batch. At most `maxBatchWrites` go into one
 *   batch; the rest start the next flush, so latency stays bounded and reads get a turn between.
 * - **Isolation.** `BEGIN IMMEDIATE`, then each write in its own SAVEPOINT: a write that throws
 *   (conflict, not found, a failed precondition) is rolled back to its savepoint and rejects
 *   alone; the others go on and see only the writes before them that succeeded.
 * - **Acknowledged ⇒ durable.** Promises settle only after COMMIT returns. When BEGIN or COMMIT
 *   fails, or SQLite abandons the transaction (a full disk, an I/O error), every write of the
 *   batch rejects — a write that failed on its own with its own error — and nothing is published.
 *
 * A flush runs synchronously from BEGIN to the last resolve, so no read on the same connection
 * ever sees an open batch: reads see committed state only.
 */
export class GroupCommit<E> {
  private readonly queue: QueuedWrite<E>[] = [];
  private scheduled: NodeJS.Immediate | undefined;
  private readonly stmt;

  constructor(
    private readonly db: Database.Database,
    private readonly maxBatchWrites: number,
    private readonly hooks: GroupCommitHooks<E>,
  ) {
    this.stmt = {
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
      savepoint: db.prepare('SAVEPOINT batch_write'),
      release: db.prepare('RELEASE batch_write'),
      rollbackTo: db.prepare('ROLLBACK TO batch_write'),
    };
  }

  /** Queues a write for the next batch; resolves with its value once the batch has committed. */
  submit<V>(apply: () => Applied<V, E>): Promise<V> {
    return new Promise<V>((resolve, reject) => {
      this.queue.push({ apply, resolve: resolve as (value: unknown) => void, reject });
      this.scheduled ??= setImmediate(() => this.flush());
    });
  }

  /** Commits everything queued now, synchronously, batch by batch (used when the store closes). */
  drain(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    while (this.queue.length > 0) this.commitBatch(this.queue.splice(0, this.maxBatchWrites));
  }

  private flush(): void {
    this.scheduled = undefined;
    const batch = this.queue.splice(0, this.maxBatchWrites);
    if (this.queue.length > 0) this.scheduled = setImmediate(() => this.flush());
    if (batch.length > 0) this.commitBatch(batch);
  }

  private commitBatch(batch: QueuedWrite<E>[]): void {
    const outcomes: Outcome<E>[] = [];
    const effects: E[] = [];
    const fail = (err: unknown) => {
      const error = this.hooks.mapError(err);
      batch.forEach((write, i) => {
        const outcome = outcomes[i];
        write.reject(outcome && !outcome.ok ? outcome.error : error);
      });
    };
    try {
      this.stmt.begin.run();
    } catch (err) {
      fail(err); // no transaction of ours to roll back
      return;
    }
    try {
      for (const write of batch) {
        const outcome = this.inSavepoint(write.apply);
        outcomes.push(outcome);
        if (outcome.ok && outcome.applied.effect !== undefined) effects.push(outcome.applied.effect);
      }
      const hooks = this.hooks;
      if (hooks.beforeCommit) {
        const extra = this.inSavepoint(() => ({ value: undefined, effect: hooks.beforeCommit?.(effects) }));
        if (extra.ok && extra.applied.effect !== undefined) effects.push(extra.applied.effect);
      }
      this.stmt.commit.run();
    } catch (err) {
      this.abandon();
      fail(err);
      return;
    }
    try {
      this.hooks.afterCommit(effects);
    } finally {
      batch.forEach((write, i) => {
        const outcome = outcomes[i]!;
        if (outcome.ok) write.resolve(outcome.applied.value);
        else write.reject(outcome.error);
      });
    }
  }

  /** Runs `apply` in a savepoint; a throw undoes only what it wrote, unless SQLite abandoned the transaction. */
  private inSavepoint(apply: () => Applied<unknown, E>): Outcome<E> {
    this.stmt.savepoint.run();
    try {
      const applied = apply();
      this.stmt.release.run();
      return { ok: true, applied };
    } catch (err) {
      // Some errors (SQLITE_FULL, I/O errors, …) roll the whole transaction back: the batch is lost.
      if (!this.db.inTransaction) throw err;
      this.stmt.rollbackTo.run();
      this.stmt.release.run();
      return { ok: false, error: this.hooks.mapError(err) };
    }
  }

  /** Rolls back whatever is left of a failed batch (a failed COMMIT leaves the transaction open). */
  private abandon(): void {
    if (!this.db.inTransaction) return;
    try {
      this.stmt.rollback.run();
    } catch {
      // The connection is already broken; the batch's callers get the original error.
    }
  }
}
