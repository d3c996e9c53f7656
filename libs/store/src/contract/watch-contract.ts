import assert from 'node:assert/strict';
import type { StoredObject } from '@mosaic/api';
import { describe, it } from 'mocha';
import type { StoreWatch, WatchEvent } from '../store.js';
import {
  KIND,
  OTHER_KIND,
  iteratorOf,
  nextWithin,
  rejectsWith,
  rv,
  summary,
  take,
  widget,
  yieldToOthers,
  type ContractContext,
  type Widget,
} from './contract-helpers.js';

/** One write of the interleaving test and the event it must produce. */
interface Expected {
  revision: number;
  line: string;
}

/** watch, compaction and close. */
export function describeWatchContract(ctx: ContractContext): void {
  describe('watch', () => {
    it('reports create, update, updateStatus, delete and finalizer removal with their revisions', async () => {
      const from = await ctx.store.currentRevision();
      const watch = ctx.store.watch<Widget>(KIND, { fromRevision: from });
      try {
        const a = await ctx.store.create(widget('a', { finalizers: ['test/f'] }));
        const b = (await ctx.store.update({ ...a, spec: { size: 2 } })).object;
        const c = (await ctx.store.updateStatus<Widget>(KIND, 'default', 'a', { phase: 'Running' })).object;
        const d = (await ctx.store.delete<Widget>(KIND, 'default', 'a')).object;
        const e = (await ctx.store.update({ ...d, metadata: { ...d.metadata, finalizers: [] } })).object;
        const events = await take(watch, 5);
        assert.deepEqual(
          events.map((ev) => [ev.type, ev.revision]),
          [['ADDED', rv(a)], ['MODIFIED', rv(b)], ['MODIFIED', rv(c)], ['MODIFIED', rv(d)], ['DELETED', rv(e)]],
        );
        assert.deepEqual(events.map((ev) => ev.object), [a, b, c, d, e]);
        assert.equal(watch.resumeRevision, rv(e));
      } finally {
        watch.close();
      }
    });

    it('replays history after fromRevision, then continues live', async () => {
      const a = await ctx.store.create(widget('a'));
      const b = await ctx.store.create(widget('b'));
      const c = await ctx.store.create(widget('c'));
      const watch = ctx.store.watch<Widget>(KIND, { fromRevision: rv(a) });
      try {
        assert.deepEqual((await take(watch, 2)).map((ev) => ev.object), [b, c]);
        const d = await ctx.store.create(widget('d'));
        assert.deepEqual((await take(watch, 1)).map((ev) => ev.object), [d]);
      } finally {
        watch.close();
      }
    });

    it('writes no event for an update that changes nothing', async () => {
      const a = await ctx.store.create(widget('a'));
      const watch = ctx.store.watch<Widget>(KIND, { fromRevision: rv(a) });
      try {
        await ctx.store.update(a);
        await ctx.store.updateStatus(KIND, 'default', 'a', undefined);
        const b = await ctx.store.create(widget('b'));
        assert.deepEqual((await take(watch, 1)).map(summary), [`${rv(b)}:ADDED:default/b`]);
      } finally {
        watch.close();
      }
    });

    it('sees only its kind', async () => {
      const from = await ctx.store.currentRevision();
      const watch = ctx.store.watch(OTHER_KIND, { fromRevision: from });
      try {
        await ctx.store.create(widget('a'));
        const g = await ctx.store.create(widget('g', { kind: OTHER_KIND }));
        await ctx.store.create(widget('b'));
        assert.deepEqual((await take(watch, 1)).map((ev) => ev.revision), [rv(g)]);
      } finally {
        watch.close();
      }
    });

    it('filters by namespace', async () => {
      const from = await ctx.store.currentRevision();
      const watch = ctx.store.watch(KIND, { fromRevision: from, namespace: 'shop' });
      try {
        await ctx.store.create(widget('a'));
        const s1 = await ctx.store.create(widget('a', { namespace: 'shop' }));
        await ctx.store.create(widget('b', { namespace: 'shopping' }));
        const s2 = await ctx.store.create(widget('b', { namespace: 'shop' }));
        assert.deepEqual((await take(watch, 2)).map((ev) => ev.revision), [rv(s1), rv(s2)]);
      } finally {
        watch.close();
      }
    });

    it('turns selector transitions into ADDED and DELETED', async () => {
      const from = await ctx.store.currentRevision();
      const watch = ctx.store.watch<Widget>(KIND, { fromRevision: from, labelSelector: 'tier=web' });
      const relabel = async (name: string, labels: Record<string, string>) => {
        const w = await ctx.store.get<Widget>(KIND, 'default', name);
        return (await ctx.store.update({ ...w, metadata: { ...w.metadata, labels } })).object;
      };
      try {
        await ctx.store.create(widget('x', { labels: { tier: 'db' } })); // never matches: nothing
        const a = await ctx.store.create(widget('a', { labels: { tier: 'web' } })); // ADDED
        const a2 = (await ctx.store.update({ ...a, spec: { size: 2 } })).object; // MODIFIED
        const a3 = await relabel('a', { tier: 'db' }); // stops matching: DELETED
        await ctx.store.updateStatus(KIND, 'default', 'a', { phase: 'Running' }); // still not matching: nothing
        const x2 = await relabel('x', { tier: 'web' }); // starts matching: ADDED
        const x3 = (await ctx.store.delete<Widget>(KIND, 'default', 'x')).object; // DELETED
        await ctx.store.delete(KIND, 'default', 'a'); // not matching: nothing
        const events = await take(watch, 5);
        assert.deepEqual(
          events.map(summary),
          [`${rv(a)}:ADDED:default/a`, `${rv(a2)}:MODIFIED:default/a`, `${rv(a3)}:DELETED:default/a`, `${rv(x2)}:ADDED:default/x`, `${rv(x3)}:DELETED:default/x`],
        );
        // The DELETED for a selector transition carries the last matching state at the change's revision.
        assert.deepEqual(events[2]!.object.metadata.labels, { tier: 'web' });
        assert.equal(events[2]!.object.metadata.resourceVersion, String(rv(a3)));
        assert.deepEqual(events[2]!.object.spec, { size: 2 });
        const y = await ctx.store.create(widget('y', { labels: { tier: 'web' } }));
        assert.deepEqual((await take(watch, 1)).map((ev) => ev.revision), [rv(y)], 'no other events were pending');
      } finally {
        watch.close();
      }
    });

    it('delivers every change exactly once while 500 writes interleave with watchers starting mid-way', async function () {
      this.timeout(120_000);
      const expected: Expected[] = [];
      const record = (object: StoredObject, type: string) => {
        const revision = rv(object);
        expected.push({ revision, line: `${revision}:${type}:${object.metadata.namespace}/${object.metadata.name}` });
      };
      const consumers: Promise<WatchEvent<Widget>[]>[] = [];
      const fromRevisions: number[] = [];
      const watches: StoreWatch<Widget>[] = [];
      const startWatcher = (fromRevision: number, slow: boolean) => {
        const watch = ctx.store.watch<Widget>(KIND, { fromRevision });
        watches.push(watch);
        fromRevisions.push(fromRevision);
        consumers.push(
          (async () => {
            const events: WatchEvent<Widget>[] = [];
            for await (const event of watch) {
              events.push(event);
              if (slow && events.length % 7 === 0) await yieldToOthers();
            }
            return events;
          })(),
        );
      };

      const start = await ctx.store.currentRevision();
      for (let i = 0; i < 500; i++) {
        const name = `w${Math.floor(i / 5)}`;
        const ns = i % 2 ? 'odd' : 'even';
        const namespace = `ns-${Math.floor(i / 5) % 3}`;
        switch (i % 5) {
          case 0:
            record(await ctx.store.create(widget(name, { namespace, labels: { batch: ns } })), 'ADDED');
            break;
          case 1:
          case 3: {
            const w = await ctx.store.get<Widget>(KIND, namespace, name);
            record((await ctx.store.update({ ...w, spec: { size: 1000 + i } })).object, 'MODIFIED');
            break;
          }
          case 2:
            record((await ctx.store.updateStatus<Widget>(KIND, namespace, name, { phase: `p${i}` })).object, 'MODIFIED');
            break;
          case 4:
            if (Math.floor(i / 5) % 2 === 0) record((await ctx.store.delete(KIND, namespace, name)).object, 'DELETED');
            else record((await ctx.store.updateStatus<Widget>(KIND, namespace, name, { phase: 'done' })).object, 'MODIFIED');
            break;
        }
        if (i === 0) startWatcher(start, false); // from before the first write, from the start
        if (i === 250) {
          startWatcher(expected[100]!.revision, false); // mid-way, far behind: catches up while writes go on
          startWatcher(expected[100]!.revision, true); // same, with a consumer that keeps pausing
          startWatcher(expected[249]!.revision, true); // just behind
          startWatcher(expected[250]!.revision, false); // at the head
        }
        if (i === 400) startWatcher(expected[10]!.revision, true); // far behind, late
        if (i % 3 === 0) await yieldToOthers();
      }
      const sentinel = await ctx.store.create(widget('sentinel'));
      record(sentinel, 'ADDED');

      // Each watcher must have received exactly the writes after its fromRevision, in order, then the
      // sentinel; close them once they reach it.
      await Promise.all(
        watches.map(async (watch, index) => {
          const deadline = Date.now() + 60_000;
          while (watch.resumeRevision < rv(sentinel) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
          watch.close();
          const events = await consumers[index]!;
          const want = expected.filter((e) => e.revision > fromRevisions[index]!).map((e) => e.line);
          assert.deepEqual(events.map(summary), want, `watcher ${index} from revision ${fromRevisions[index]}`);
        }),
      );
    });

    it('ends a slow watch with RESOURCE_EXHAUSTED and resumes from resumeRevision with no gap', async () => {
      const from = await ctx.store.currentRevision();
      const watch = ctx.store.watch<Widget>(KIND, { fromRevision: from, maxBufferedEvents: 5 });
      const pending = nextWithin(watch); // the consumer is caught up and waiting
      const written: number[] = [rv(await ctx.store.create(widget('w0')))];
      const firstEvent = await pending;
      assert.equal(firstEvent.done, false);
      // Now the consumer stops reading while 30 more writes happen.
      for (let i = 1; i <= 30; i++) written.push(rv(await ctx.store.create(widget(`w${i}`))));
      const delivered: number[] = [firstEvent.value.revision];
      let failure: unknown;
      try {
        for (;;) {
          const result = await nextWithin(watch);
          if (result.done) break;
          delivered.push(result.value.revision);
        }
      } catch (err) {
        failure = err;
      }
      assert.ok(failure instanceof Error, 'the watch ended with an error');
      assert.equal((failure as { code?: unknown }).code, 'RESOURCE_EXHAUSTED');
      const resumeRevision = (failure as { resumeRevision?: unknown }).resumeRevision;
      assert.equal(typeof resumeRevision, 'number');
      assert.ok(delivered.length < written.length, 'the buffer was bounded');
      assert.equal(watch.resumeRevision, resumeRevision);
      assert.match(failure.message, new RegExp(`${String(resumeRevision)}`));

      const resumed = ctx.store.watch<Widget>(KIND, { fromRevision: resumeRevision as number });
      try {
        const rest = await take(resumed, written.filter((r) => r > (resumeRevision as number)).length);
        assert.deepEqual([...delivered, ...rest.map((ev) => ev.revision)], written);
      } finally {
        resumed.close();
      }
    });

    it('ends when closed: a pending next() resolves done and resumeRevision is the last delivered', async () => {
      const a = await ctx.store.create(widget('a'));
      const watch = ctx.store.watch<Widget>(KIND, { fromRevision: rv(a) - 1 });
      assert.equal((await take(watch, 1))[0]!.revision, rv(a));
      const pending = iteratorOf(watch).next();
      watch.close();
      assert.equal((await pending).done, true);
      assert.equal((await iteratorOf(watch).next()).done, true);
      await ctx.store.create(widget('b'));
      assert.equal((await iteratorOf(watch).next()).done, true);
      assert.equal(watch.resumeRevision, rv(a));
      watch.close();
    });

    it('ends when its AbortSignal aborts', async () => {
      const controller = new AbortController();
      const watch = ctx.store.watch(KIND, { fromRevision: await ctx.store.currentRevision(), signal: controller.signal });
      const pending = iteratorOf(watch).next();
      controller.abort();
      assert.equal((await pending).done, true);
    });

    it('ends at once when its AbortSignal has already aborted', async () => {
      await ctx.store.create(widget('a'));
      const watch = ctx.store.watch(KIND, { fromRevision: 0, signal: AbortSignal.abort() });
      assert.equal((await iteratorOf(watch).next()).done, true);
    });

    it('ends when the consumer breaks out of for-await', async () => {
      const a = await ctx.store.create(widget('a'));
      await ctx.store.create(widget('b'));
      const watch = ctx.store.watch<Widget>(KIND, { fromRevision: rv(a) - 1 });
      for await (const event of watch) {
        assert.equal(event.revision, rv(a));
        break;
      }
      assert.equal(watch.resumeRevision, rv(a));
      assert.equal((await watch[Symbol.asyncIterator]().next()).done, true);
    });

    it('accepts a fromRevision in the future and delivers only later changes', async () => {
      const now = await ctx.store.currentRevision();
      const watch = ctx.store.watch<Widget>(KIND, { fromRevision: now + 2 });
      try {
        await ctx.store.create(widget('a'));
        await ctx.store.create(widget('b'));
        const c = await ctx.store.create(widget('c'));
        const events = await take(watch, 1);
        assert.ok(events[0]!.revision > now + 2);
        assert.equal(events[0]!.revision, rv(c));
      } finally {
        watch.close();
      }
    });

    const invalid: { name: string; options: { fromRevision: number; labelSelector?: string } }[] = [
      { name: 'a negative fromRevision', options: { fromRevision: -1 } },
      { name: 'a fractional fromRevision', options: { fromRevision: 1.5 } },
      { name: 'a malformed selector', options: { fromRevision: 0, labelSelector: 'a in (' } },
    ];
    for (const tc of invalid) {
      it(`rejects ${tc.name} as INVALID_ARGUMENT`, () => {
        assert.throws(() => ctx.store.watch(KIND, tc.options), (err: unknown) => (err as { code?: unknown }).code === 'INVALID_ARGUMENT');
      });
    }
  });

  describe('compaction', () => {
    it('drops history at or below the revision: older watches fail with OUT_OF_RANGE, later ones work', async () => {
      const written: number[] = [];
      for (let i = 0; i < 6; i++) written.push(rv(await ctx.store.create(widget(`w${i}`))));
      const at = written[3]!;
      await ctx.store.compact(at);

      const tooOld = ctx.store.watch(KIND, { fromRevision: at - 1 });
      await rejectsWith(iteratorOf(tooOld).next(), 'OUT_OF_RANGE', new RegExp(`revision ${at - 1} has been compacted.*re-list`));
      assert.equal((await iteratorOf(tooOld).next()).done, true, 'a failed watch stays ended');

      const ok = ctx.store.watch(KIND, { fromRevision: at });
      try {
        assert.deepEqual((await take(ok, 2)).map((ev) => ev.revision), written.slice(4));
      } finally {
        ok.close();
      }
      assert.equal((await ctx.store.list(KIND)).items.length, 6, 'current objects are kept');
      await ctx.store.get(KIND, 'default', 'w0');
    });

    it('keeps a list continuation at exactly the compacted revision working', async () => {
      for (let i = 0; i < 4; i++) await ctx.store.create(widget(`w${i}`));
      const first = await ctx.store.list(KIND, { limit: 2 });
      await ctx.store.update({ ...(await ctx.store.get<Widget>(KIND, 'default', 'w3')), spec: { size: 3 } });
      await ctx.store.compact(first.revision);
      const second = await ctx.store.list<Widget>(KIND, { limit: 2, continueToken: first.continueToken });
      assert.deepEqual(second.items.map((w) => w.spec.size), [1, 1]);
    });

    it('is a no-op at or below an earlier compaction', async () => {
      for (let i = 0; i < 4; i++) await ctx.store.create(widget(`w${i}`));
      const now = await ctx.store.currentRevision();
      await ctx.store.compact(now - 1);
      await ctx.store.compact(now - 3);
      await ctx.store.compact(now - 1);
      const watch = ctx.store.watch(KIND, { fromRevision: now - 1 });
      try {
        assert.equal((await take(watch, 1))[0]!.revision, now);
      } finally {
        watch.close();
      }
    });

    it('rejects a future or negative revision as INVALID_ARGUMENT', async () => {
      await ctx.store.create(widget('a'));
      const now = await ctx.store.currentRevision();
      await rejectsWith(ctx.store.compact(now + 1), 'INVALID_ARGUMENT', /future/);
      await rejectsWith(ctx.store.compact(-1), 'INVALID_ARGUMENT');
    });
  });

  describe('close', () => {
    it('ends open watches and fails later operations with FAILED_PRECONDITION', async () => {
      await ctx.store.create(widget('a'));
      const watch = ctx.store.watch(KIND, { fromRevision: await ctx.store.currentRevision() });
      const pending = iteratorOf(watch).next();
      await ctx.store.close();
      assert.equal((await pending).done, true);
      await rejectsWith(ctx.store.get(KIND, 'default', 'a'), 'FAILED_PRECONDITION', /closed/);
      await rejectsWith(ctx.store.create(widget('b')), 'FAILED_PRECONDITION', /closed/);
      await rejectsWith(ctx.store.list(KIND), 'FAILED_PRECONDITION', /closed/);
      await rejectsWith(ctx.store.currentRevision(), 'FAILED_PRECONDITION', /closed/);
      assert.throws(() => ctx.store.watch(KIND, { fromRevision: 0 }), /closed/);
      await ctx.store.close();
    });
  });
}
