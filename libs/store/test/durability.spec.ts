import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { StoredObject } from '@mosaic/api';
import { after, before, describe, it } from 'mocha';
import { createSqliteStore } from '../src/sqlite/sqlite-store.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixture = join(here, 'fixtures', 'write-stream.ts');

interface Ack {
  round: string;
  what: 'create' | 'status';
  index: number;
  revision: number;
}

/**
 * Runs the writer on `path` with `inFlight` concurrent writers, SIGKILLs it once it has
 * acknowledged `killAfter` writes (wherever it is: mid-transaction, mid-fsync), and returns what
 * it acknowledged.
 */
async function writeThenKill(path: string, round: string, killAfter: number, inFlight = 1): Promise<Ack[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, path, round, String(inFlight)], {
    cwd: join(here, '..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  const acks: Ack[] = [];
  const lines = createInterface({ input: child.stdout });
  for await (const line of lines) {
    const match = /^ack (create|status) (\d+) (\d+)$/.exec(line);
    if (!match) continue;
    acks.push({ round, what: match[1] as Ack['what'], index: Number(match[2]), revision: Number(match[3]) });
    if (acks.length === killAfter) child.kill('SIGKILL');
  }
  assert.equal(await exited, 'SIGKILL', 'the writer died by SIGKILL');
  assert.ok(acks.length >= killAfter, `the writer acknowledged ${acks.length} writes before it was killed`);
  return acks;
}

describe('SqliteStore durability (real process, SIGKILL)', function () {
  this.timeout(120_000);
  let dir: string;
  let path: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mosaic-durability-'));
    path = join(dir, 'mosaic.db');
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const allAcks: Ack[] = [];
  // The later rounds keep 16 writes in flight, so acknowledgements come from group commits.
  const rounds: { killAfter: number; inFlight?: number }[] = [
    { killAfter: 150 },
    { killAfter: 60 },
    { killAfter: 233 },
    { killAfter: 400, inFlight: 16 },
    { killAfter: 97, inFlight: 16 },
  ];
  for (const [round, tc] of rounds.entries()) {
    const writers = tc.inFlight === undefined ? '' : ` with ${tc.inFlight} writes in flight`;
    it(`round ${round + 1}: every write acknowledged before SIGKILL after ${tc.killAfter} acks${writers} survives, and history replays without gaps`, async () => {
      const acks = await writeThenKill(path, `r${round + 1}`, tc.killAfter, tc.inFlight);
      allAcks.push(...acks);

      const db = new Database(path, { readonly: true });
      try {
        assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
      } finally {
        db.close();
      }

      const store = await createSqliteStore({ path });
      try {
        const current = await store.currentRevision();
        const lastAck = Math.max(...allAcks.map((a) => a.revision));
        assert.ok(current >= lastAck, `current revision ${current} < last acknowledged ${lastAck}`);

        // Every acknowledged create is there, at the revision it was acknowledged with (never modified since).
        for (const ack of allAcks.filter((a) => a.what === 'create')) {
          const name = `${ack.round}-${ack.index}`;
          const object = await store.get<StoredObject<{ index: number }>>('Widget', 'default', name);
          assert.equal(object.metadata.resourceVersion, String(ack.revision), name);
          assert.equal(object.spec.index, ack.index);
        }

        // The full history replays with consecutive revisions 1..current, each acknowledged write at
        // its revision with its content.
        const history = new Map<number, { type: string; object: StoredObject }>();
        const watch = store.watch('Widget', { fromRevision: 0 });
        for await (const event of watch) {
          history.set(event.revision, event);
          if (event.revision === current) break;
        }
        assert.deepEqual([...history.keys()], Array.from({ length: current }, (_, i) => i + 1));
        for (const ack of allAcks) {
          const event = history.get(ack.revision);
          assert.ok(event, `acknowledged revision ${ack.revision} is in the change log`);
          if (ack.what === 'create') {
            assert.equal(event.type, 'ADDED');
            assert.equal(event.object.metadata.name, `${ack.round}-${ack.index}`);
          } else {
            assert.equal(event.type, 'MODIFIED');
            assert.deepEqual(event.object.status, { round: ack.round, count: ack.index });
          }
        }

        // A watch from any acknowledged revision replays everything after it, with no gap.
        for (const ack of allAcks.filter((_, i) => i % 17 === 0 || i === allAcks.length - 1)) {
          const seen: number[] = [];
          if (ack.revision < current) {
            for await (const event of store.watch('Widget', { fromRevision: ack.revision })) {
              seen.push(event.revision);
              if (event.revision === current) break;
            }
          }
          assert.deepEqual(seen, Array.from({ length: current - ack.revision }, (_, i) => ack.revision + 1 + i), `watch from ${ack.revision}`);
        }
      } finally {
        await store.close();
      }
    });
  }
});
