import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { KIND, OTHER_KIND, rejectsWith, rv, widget, type ContractContext, type Widget } from './contract-helpers.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** create, get, update, updateStatus and delete: the write rules of the contract. */
export function describeCrudContract(ctx: ContractContext): void {
  describe('create', () => {
    it('sets uid, resourceVersion, generation and creationTimestamp, and keeps a given status', async () => {
      const before = Date.now();
      const created = await ctx.store.create(widget('a', { status: { phase: 'Pending' } }));
      assert.match(created.metadata.uid ?? '', UUID);
      assert.equal(created.metadata.resourceVersion, String(await ctx.store.currentRevision()));
      assert.equal(created.metadata.generation, 1);
      const createdAt = Date.parse(created.metadata.creationTimestamp ?? '');
      assert.ok(createdAt >= before - 1000 && createdAt <= Date.now() + 1000, `creationTimestamp ${created.metadata.creationTimestamp}`);
      assert.equal(created.metadata.deletionTimestamp, undefined);
      assert.deepEqual(created.status, { phase: 'Pending' });
      assert.deepEqual(created.spec, { size: 1 });
      assert.equal(created.apiVersion, 'test.mosaic.dev/v1');
      assert.deepEqual(await ctx.store.get(KIND, 'default', 'a'), created);
    });

    const ignored: { field: string; set: (w: Widget) => void }[] = [
      { field: 'uid', set: (w) => (w.metadata.uid = '00000000-0000-0000-0000-000000000000') },
      { field: 'resourceVersion', set: (w) => (w.metadata.resourceVersion = '999999') },
      { field: 'generation', set: (w) => (w.metadata.generation = 42) },
      { field: 'creationTimestamp', set: (w) => (w.metadata.creationTimestamp = '2001-01-01T00:00:00Z') },
      { field: 'deletionTimestamp', set: (w) => (w.metadata.deletionTimestamp = '2001-01-01T00:00:00Z') },
    ];
    for (const tc of ignored) {
      it(`ignores a caller-provided metadata.${tc.field}`, async () => {
        const input = widget('a');
        tc.set(input);
        const created = await ctx.store.create(input);
        assert.notEqual(created.metadata.uid, '00000000-0000-0000-0000-000000000000');
        assert.notEqual(created.metadata.resourceVersion, '999999');
        assert.equal(created.metadata.generation, 1);
        assert.notEqual(created.metadata.creationTimestamp, '2001-01-01T00:00:00Z');
        assert.equal(created.metadata.deletionTimestamp, undefined);
      });
    }

    it('keeps labels, annotations and finalizers, and drops empty ones', async () => {
      const created = await ctx.store.create(
        widget('a', { labels: { app: 'web' }, annotations: { note: 'x' }, finalizers: ['test/cleanup'] }),
      );
      assert.deepEqual(created.metadata.labels, { app: 'web' });
      assert.deepEqual(created.metadata.annotations, { note: 'x' });
      assert.deepEqual(created.metadata.finalizers, ['test/cleanup']);
      const empty = await ctx.store.create(widget('b', { labels: {}, annotations: {}, finalizers: [] }));
      assert.equal(empty.metadata.labels, undefined);
      assert.equal(empty.metadata.annotations, undefined);
      assert.equal(empty.metadata.finalizers, undefined);
    });

    it('fails with ALREADY_EXISTS when the key exists, and writes nothing', async () => {
      await ctx.store.create(widget('a'));
      const revision = await ctx.store.currentRevision();
      await rejectsWith(ctx.store.create(widget('a', { spec: { size: 2 } })), 'ALREADY_EXISTS', /already exists/);
      assert.equal(await ctx.store.currentRevision(), revision);
      assert.deepEqual((await ctx.store.get<Widget>(KIND, 'default', 'a')).spec, { size: 1 });
    });

    it('keys by kind, namespace and name', async () => {
      await ctx.store.create(widget('a'));
      await ctx.store.create(widget('a', { namespace: 'other' }));
      await ctx.store.create(widget('a', { kind: OTHER_KIND }));
      assert.equal((await ctx.store.list(KIND)).items.length, 2);
      assert.equal((await ctx.store.list(OTHER_KIND)).items.length, 1);
    });

    const invalid: { name: string; object: Widget; path: RegExp }[] = [
      { name: 'empty name', object: widget(''), path: /metadata\.name/ },
      { name: 'empty kind', object: widget('a', { kind: '' }), path: /kind/ },
      { name: 'missing namespace', object: { ...widget('a'), metadata: { name: 'a' } as Widget['metadata'] }, path: /metadata\.namespace/ },
    ];
    for (const tc of invalid) {
      it(`rejects an object with ${tc.name} as INVALID_ARGUMENT`, async () => {
        await rejectsWith(ctx.store.create(tc.object), 'INVALID_ARGUMENT', tc.path);
      });
    }

    it('never aliases: the input is not mutated and returned objects are copies', async () => {
      const input = widget('a', { labels: { app: 'web' } });
      const snapshot = structuredClone(input);
      const created = await ctx.store.create(input);
      assert.deepEqual(input, snapshot);
      created.metadata.labels!['app'] = 'mutated';
      created.spec.size = 99;
      const read = await ctx.store.get<Widget>(KIND, 'default', 'a');
      assert.deepEqual(read.metadata.labels, { app: 'web' });
      read.spec.size = 98;
      assert.equal((await ctx.store.get<Widget>(KIND, 'default', 'a')).spec.size, 1);
    });

    it('gives every write a strictly greater revision', async () => {
      const revisions: number[] = [await ctx.store.currentRevision()];
      for (let i = 0; i < 5; i++) {
        revisions.push(rv(await ctx.store.create(widget(`w${i}`))));
        assert.equal(await ctx.store.currentRevision(), revisions.at(-1));
      }
      for (let i = 1; i < revisions.length; i++) assert.ok(revisions[i]! > revisions[i - 1]!, `revisions ${revisions.join(',')}`);
    });
  });

  describe('get', () => {
    it('fails with NOT_FOUND for an absent object', async () => {
      await ctx.store.create(widget('a'));
      await rejectsWith(ctx.store.get(KIND, 'default', 'b'), 'NOT_FOUND', /not found/);
      await rejectsWith(ctx.store.get(KIND, 'other', 'a'), 'NOT_FOUND');
      await rejectsWith(ctx.store.get(OTHER_KIND, 'default', 'a'), 'NOT_FOUND');
    });
  });

  describe('update', () => {
    const cases: {
      name: string;
      change: (w: Widget) => void;
      changed: boolean;
      generationBump: boolean;
    }[] = [
      { name: 'a spec change bumps generation', change: (w) => (w.spec.size = 2), changed: true, generationBump: true },
      { name: 'a nested spec change bumps generation', change: (w) => (w.spec.nested = { a: { b: 2 } }), changed: true, generationBump: true },
      { name: 'a label change does not bump generation', change: (w) => (w.metadata.labels = { app: 'api' }), changed: true, generationBump: false },
      { name: 'removing labels does not bump generation', change: (w) => delete w.metadata.labels, changed: true, generationBump: false },
      { name: 'an annotation change does not bump generation', change: (w) => (w.metadata.annotations = { b: '2' }), changed: true, generationBump: false },
      { name: 'adding a finalizer does not bump generation', change: (w) => (w.metadata.finalizers = ['x/y']), changed: true, generationBump: false },
      { name: 'an apiVersion change does not bump generation', change: (w) => (w.apiVersion = 'test.mosaic.dev/v2'), changed: true, generationBump: false },
      { name: 'an identical object is no change', change: () => undefined, changed: false, generationBump: false },
      {
        name: 'the same spec with keys in another order is no change',
        change: (w) => (w.spec = { nested: { y: 2, x: 1 }, size: 1 }),
        changed: false,
        generationBump: false,
      },
      { name: 'a different status is ignored (no change)', change: (w) => (w.status = { phase: 'Other' }), changed: false, generationBump: false },
      { name: 'removing the status is ignored (no change)', change: (w) => delete w.status, changed: false, generationBump: false },
      { name: 'empty annotations equal absent annotations (no change)', change: (w) => (w.metadata.annotations = {}), changed: false, generationBump: false },
      { name: 'other store-owned fields are ignored (no change)', change: (w) => {
        w.metadata.generation = 7;
        w.metadata.creationTimestamp = '2001-01-01T00:00:00Z';
        w.metadata.deletionTimestamp = '2001-01-01T00:00:00Z';
      }, changed: false, generationBump: false },
    ];
    for (const tc of cases) {
      it(tc.name, async () => {
        const created = await ctx.store.create(
          widget('a', { labels: { app: 'web' }, spec: { size: 1, nested: { x: 1, y: 2 } }, status: { phase: 'Running' } }),
        );
        const revision = await ctx.store.currentRevision();
        const input = structuredClone(created);
        tc.change(input);
        const result = await ctx.store.update(input);
        assert.equal(result.changed, tc.changed);
        assert.equal(result.removed, false);
        assert.equal(result.object.metadata.generation, tc.generationBump ? 2 : 1);
        assert.equal(result.object.metadata.uid, created.metadata.uid);
        assert.equal(result.object.metadata.creationTimestamp, created.metadata.creationTimestamp);
        assert.equal(result.object.metadata.deletionTimestamp, undefined);
        assert.deepEqual(result.object.status, { phase: 'Running' }, 'update never touches status');
        if (tc.changed) {
          assert.ok(rv(result.object) > revision);
          assert.equal(await ctx.store.currentRevision(), rv(result.object));
        } else {
          assert.deepEqual(result.object, created);
          assert.equal(await ctx.store.currentRevision(), revision, 'an unchanged update writes no revision');
        }
        assert.deepEqual(await ctx.store.get(KIND, 'default', 'a'), result.object);
      });
    }

    it('applies a matching resourceVersion precondition', async () => {
      const created = await ctx.store.create(widget('a'));
      const result = await ctx.store.update({ ...created, spec: { size: 2 } });
      assert.equal(result.changed, true);
      const again = await ctx.store.update({ ...result.object, spec: { size: 3 } });
      assert.equal(again.object.metadata.generation, 3);
    });

    it('fails with ABORTED on a stale resourceVersion, writing nothing', async () => {
      const created = await ctx.store.create(widget('a'));
      await ctx.store.update({ ...created, spec: { size: 2 } });
      const revision = await ctx.store.currentRevision();
      await rejectsWith(ctx.store.update({ ...created, spec: { size: 3 } }), 'ABORTED', /re-read/);
      assert.equal(await ctx.store.currentRevision(), revision);
      assert.deepEqual((await ctx.store.get<Widget>(KIND, 'default', 'a')).spec, { size: 2 });
    });

    it('checks the precondition even when nothing would change', async () => {
      const created = await ctx.store.create(widget('a'));
      await ctx.store.update({ ...created, metadata: { ...created.metadata, labels: { a: 'b' } } });
      await rejectsWith(ctx.store.update(created), 'ABORTED');
    });

    it('fails with ABORTED when the uid belongs to a deleted namesake', async () => {
      const first = await ctx.store.create(widget('a'));
      await ctx.store.delete(KIND, 'default', 'a');
      const second = await ctx.store.create(widget('a'));
      assert.notEqual(second.metadata.uid, first.metadata.uid);
      const { resourceVersion: _rv, ...meta } = first.metadata;
      await rejectsWith(ctx.store.update({ ...first, metadata: meta, spec: { size: 5 } }), 'ABORTED', /re-read/);
    });

    it('is last-writer-wins without a resourceVersion', async () => {
      const created = await ctx.store.create(widget('a'));
      await ctx.store.update({ ...created, spec: { size: 2 } });
      const { resourceVersion: _rv, ...meta } = created.metadata;
      const result = await ctx.store.update({ ...created, metadata: meta, spec: { size: 3 } });
      assert.deepEqual(result.object.spec, { size: 3 });
    });

    it('rejects a malformed resourceVersion as INVALID_ARGUMENT', async () => {
      const created = await ctx.store.create(widget('a'));
      await rejectsWith(ctx.store.update({ ...created, metadata: { ...created.metadata, resourceVersion: 'abc' } }), 'INVALID_ARGUMENT');
    });

    it('fails with NOT_FOUND for an absent object', async () => {
      await rejectsWith(ctx.store.update(widget('ghost')), 'NOT_FOUND', /not found/);
    });
  });

  describe('updateStatus', () => {
    it('replaces only the status, without a generation bump', async () => {
      const created = await ctx.store.create(widget('a', { labels: { app: 'web' } }));
      const result = await ctx.store.updateStatus<Widget>(KIND, 'default', 'a', { phase: 'Running', observedGeneration: 1 });
      assert.equal(result.changed, true);
      assert.ok(rv(result.object) > rv(created));
      assert.deepEqual(result.object.status, { phase: 'Running', observedGeneration: 1 });
      assert.equal(result.object.metadata.generation, 1);
      assert.deepEqual(result.object.spec, created.spec);
      assert.deepEqual(result.object.metadata.labels, created.metadata.labels);
      assert.deepEqual(await ctx.store.get(KIND, 'default', 'a'), result.object);
    });

    it('does not clobber a spec written in between (status and spec are separate)', async () => {
      const created = await ctx.store.create(widget('a'));
      await ctx.store.update({ ...created, spec: { size: 2 } });
      const result = await ctx.store.updateStatus<Widget>(KIND, 'default', 'a', { phase: 'Running' });
      assert.deepEqual(result.object.spec, { size: 2 });
      assert.equal(result.object.metadata.generation, 2);
    });

    it('is no change when the status is equal (in any key order)', async () => {
      await ctx.store.create(widget('a', { status: { phase: 'Running', observedGeneration: 1 } }));
      const revision = await ctx.store.currentRevision();
      const result = await ctx.store.updateStatus<Widget>(KIND, 'default', 'a', { observedGeneration: 1, phase: 'Running' });
      assert.equal(result.changed, false);
      assert.equal(await ctx.store.currentRevision(), revision);
    });

    it('removes the status when given undefined', async () => {
      await ctx.store.create(widget('a', { status: { phase: 'Running' } }));
      const result = await ctx.store.updateStatus(KIND, 'default', 'a', undefined);
      assert.equal(result.changed, true);
      assert.equal(result.object.status, undefined);
      assert.equal((await ctx.store.get(KIND, 'default', 'a')).status, undefined);
    });

    it('honours resourceVersion and uid preconditions', async () => {
      const created = await ctx.store.create(widget('a'));
      const ok = await ctx.store.updateStatus<Widget>(KIND, 'default', 'a', { phase: 'A' }, { resourceVersion: created.metadata.resourceVersion, uid: created.metadata.uid });
      assert.equal(ok.changed, true);
      await rejectsWith(ctx.store.updateStatus<Widget>(KIND, 'default', 'a', { phase: 'B' }, { resourceVersion: created.metadata.resourceVersion }), 'ABORTED', /re-read/);
      await rejectsWith(ctx.store.updateStatus<Widget>(KIND, 'default', 'a', { phase: 'B' }, { uid: 'another' }), 'ABORTED');
      assert.deepEqual((await ctx.store.get(KIND, 'default', 'a')).status, { phase: 'A' });
    });

    it('fails with NOT_FOUND for an absent object', async () => {
      await rejectsWith(ctx.store.updateStatus(KIND, 'default', 'ghost', {}), 'NOT_FOUND');
    });
  });

  describe('delete', () => {
    it('removes an object without finalizers', async () => {
      const created = await ctx.store.create(widget('a', { status: { phase: 'Running' } }));
      const result = await ctx.store.delete<Widget>(KIND, 'default', 'a');
      assert.equal(result.removed, true);
      assert.equal(result.object.metadata.uid, created.metadata.uid);
      assert.equal(rv(result.object), await ctx.store.currentRevision(), 'the removed object carries the deletion revision');
      assert.ok(rv(result.object) > rv(created));
      assert.deepEqual(result.object.status, { phase: 'Running' });
      await rejectsWith(ctx.store.get(KIND, 'default', 'a'), 'NOT_FOUND');
    });

    it('lets the name be re-created with a new uid and generation 1', async () => {
      const first = await ctx.store.create(widget('a'));
      await ctx.store.update({ ...first, spec: { size: 2 } });
      await ctx.store.delete(KIND, 'default', 'a');
      const second = await ctx.store.create(widget('a'));
      assert.notEqual(second.metadata.uid, first.metadata.uid);
      assert.equal(second.metadata.generation, 1);
    });

    it('marks an object with finalizers terminating instead of removing it', async () => {
      await ctx.store.create(widget('a', { finalizers: ['test/one', 'test/two'] }));
      const result = await ctx.store.delete<Widget>(KIND, 'default', 'a');
      assert.equal(result.removed, false);
      assert.ok(!Number.isNaN(Date.parse(result.object.metadata.deletionTimestamp ?? '')), 'deletionTimestamp is set');
      assert.equal(result.object.metadata.generation, 1);
      assert.deepEqual(await ctx.store.get(KIND, 'default', 'a'), result.object);
    });

    it('is a no-op on an object that is already terminating', async () => {
      await ctx.store.create(widget('a', { finalizers: ['test/one'] }));
      const first = await ctx.store.delete(KIND, 'default', 'a');
      const revision = await ctx.store.currentRevision();
      const second = await ctx.store.delete(KIND, 'default', 'a');
      assert.equal(second.removed, false);
      assert.deepEqual(second.object, first.object);
      assert.equal(await ctx.store.currentRevision(), revision);
    });

    it('removes a terminating object when an update clears its last finalizer', async () => {
      await ctx.store.create(widget('a', { finalizers: ['test/one', 'test/two'] }));
      const terminating = (await ctx.store.delete<Widget>(KIND, 'default', 'a')).object;

      const partial = await ctx.store.update({ ...terminating, metadata: { ...terminating.metadata, finalizers: ['test/two'] } });
      assert.equal(partial.removed, false);
      assert.equal(partial.object.metadata.deletionTimestamp, terminating.metadata.deletionTimestamp);
      assert.deepEqual(partial.object.metadata.finalizers, ['test/two']);

      const status = await ctx.store.updateStatus<Widget>(KIND, 'default', 'a', { phase: 'CleaningUp' });
      assert.equal(status.changed, true, 'status can still be written while terminating');

      const last = await ctx.store.update({ ...status.object, metadata: { ...status.object.metadata, finalizers: [] } });
      assert.equal(last.changed, true);
      assert.equal(last.removed, true);
      assert.equal(rv(last.object), await ctx.store.currentRevision());
      await rejectsWith(ctx.store.get(KIND, 'default', 'a'), 'NOT_FOUND');
    });

    it('refuses to add a finalizer to a terminating object (FAILED_PRECONDITION)', async () => {
      await ctx.store.create(widget('a', { finalizers: ['test/one'] }));
      const terminating = (await ctx.store.delete<Widget>(KIND, 'default', 'a')).object;
      const revision = await ctx.store.currentRevision();
      await rejectsWith(
        ctx.store.update({ ...terminating, metadata: { ...terminating.metadata, finalizers: ['test/one', 'test/new'] } }),
        'FAILED_PRECONDITION',
        /test\/new/,
      );
      assert.equal(await ctx.store.currentRevision(), revision);
    });

    it('allows spec changes on a terminating object', async () => {
      await ctx.store.create(widget('a', { finalizers: ['test/one'] }));
      const terminating = (await ctx.store.delete<Widget>(KIND, 'default', 'a')).object;
      const result = await ctx.store.update({ ...terminating, spec: { size: 9 } });
      assert.equal(result.object.metadata.generation, 2);
      assert.equal(result.object.metadata.deletionTimestamp, terminating.metadata.deletionTimestamp);
    });

    it('refuses to create over a terminating object (ALREADY_EXISTS)', async () => {
      await ctx.store.create(widget('a', { finalizers: ['test/one'] }));
      await ctx.store.delete(KIND, 'default', 'a');
      await rejectsWith(ctx.store.create(widget('a')), 'ALREADY_EXISTS');
    });

    const preconditions: { name: string; pre: (w: Widget) => { resourceVersion?: string; uid?: string }; ok: boolean }[] = [
      { name: 'the current resourceVersion', pre: (w) => ({ resourceVersion: w.metadata.resourceVersion }), ok: true },
      { name: 'the current uid', pre: (w) => ({ uid: w.metadata.uid }), ok: true },
      { name: 'a stale resourceVersion', pre: (w) => ({ resourceVersion: String(rv(w) - 1) }), ok: false },
      { name: 'another uid', pre: () => ({ uid: 'c0ffee00-0000-0000-0000-000000000000' }), ok: false },
    ];
    for (const tc of preconditions) {
      it(`${tc.ok ? 'applies' : 'fails with ABORTED on'} a precondition with ${tc.name}`, async () => {
        await ctx.store.create(widget('a'));
        const current = (await ctx.store.update({ ...(await ctx.store.get<Widget>(KIND, 'default', 'a')), spec: { size: 2 } })).object;
        const attempt = ctx.store.delete(KIND, 'default', 'a', tc.pre(current));
        if (tc.ok) {
          assert.equal((await attempt).removed, true);
        } else {
          await rejectsWith(attempt, 'ABORTED', /re-read/);
          await ctx.store.get(KIND, 'default', 'a');
        }
      });
    }

    it('fails with NOT_FOUND for an absent object', async () => {
      await rejectsWith(ctx.store.delete(KIND, 'default', 'ghost'), 'NOT_FOUND');
    });
  });
}
