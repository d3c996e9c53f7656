import assert from 'node:assert/strict';
import { parseLabelSelector } from '@mosaic/api';
import { describe, it } from 'mocha';
import type { ListOptions } from '../store.js';
import { KIND, OTHER_KIND, rejectsWith, widget, type ContractContext, type Widget } from './contract-helpers.js';

const keys = (items: Widget[]) => items.map((w) => `${w.metadata.namespace}/${w.metadata.name}`);

/** list: snapshots, ordering, filtering and pagination. */
export function describeListContract(ctx: ContractContext): void {
  describe('list', () => {
    /** Objects in three namespaces, created out of order, plus one of another kind. */
    async function seed(): Promise<void> {
      const objects: [string, string, Record<string, string>][] = [
        ['shop', 'checkout', { app: 'checkout', tier: 'web' }],
        ['default', 'b', { app: 'b', tier: 'db' }],
        ['shop', 'cart', { app: 'cart', tier: 'web', canary: 'true' }],
        ['default', 'a', { app: 'a' }],
        ['ops', 'probe', { app: 'probe', tier: 'kernel' }],
        ['default', 'a-2', {}],
      ];
      for (const [namespace, name, labels] of objects) await ctx.store.create(widget(name, { namespace, labels }));
      await ctx.store.create(widget('a', { kind: OTHER_KIND }));
    }

    const cases: { name: string; options: ListOptions<Widget>; want: string[] }[] = [
      { name: 'everything, sorted by namespace then name', options: {}, want: ['default/a', 'default/a-2', 'default/b', 'ops/probe', 'shop/cart', 'shop/checkout'] },
      { name: 'one namespace', options: { namespace: 'shop' }, want: ['shop/cart', 'shop/checkout'] },
      { name: 'an empty namespace', options: { namespace: 'nowhere' }, want: [] },
      { name: 'an equality selector string', options: { labelSelector: 'tier=web' }, want: ['shop/cart', 'shop/checkout'] },
      { name: 'a set selector string', options: { labelSelector: 'tier in (db,kernel)' }, want: ['default/b', 'ops/probe'] },
      { name: 'a negative selector (matches unlabelled objects)', options: { labelSelector: 'tier!=web' }, want: ['default/a', 'default/a-2', 'default/b', 'ops/probe'] },
      { name: 'an existence selector', options: { labelSelector: '!app' }, want: ['default/a-2'] },
      { name: 'a parsed selector', options: { labelSelector: parseLabelSelector('tier=web,!canary') }, want: ['shop/checkout'] },
      { name: 'an empty selector', options: { labelSelector: '' }, want: ['default/a', 'default/a-2', 'default/b', 'ops/probe', 'shop/cart', 'shop/checkout'] },
      { name: 'a namespace and a selector', options: { namespace: 'default', labelSelector: 'app' }, want: ['default/a', 'default/b'] },
      { name: 'a filter function', options: { filter: (w) => w.metadata.name.startsWith('c') }, want: ['shop/cart', 'shop/checkout'] },
      { name: 'a selector and a filter', options: { labelSelector: 'tier', filter: (w) => w.metadata.namespace !== 'shop' }, want: ['default/b', 'ops/probe'] },
    ];
    for (const tc of cases) {
      it(`lists ${tc.name}`, async () => {
        await seed();
        const result = await ctx.store.list(KIND, tc.options);
        assert.deepEqual(keys(result.items), tc.want);
        assert.equal(result.revision, await ctx.store.currentRevision());
        assert.equal(result.continueToken, undefined);
      });
    }

    it('returns full objects, equal to get', async () => {
      await seed();
      const { items } = await ctx.store.list<Widget>(KIND, { namespace: 'shop' });
      for (const item of items) assert.deepEqual(item, await ctx.store.get(KIND, item.metadata.namespace, item.metadata.name));
    });

    it('lists an unknown kind as empty, at the current revision', async () => {
      await seed();
      const result = await ctx.store.list('Nothing');
      assert.deepEqual(result.items, []);
      assert.equal(result.revision, await ctx.store.currentRevision());
    });

    it('rejects a malformed selector as INVALID_ARGUMENT', async () => {
      await rejectsWith(ctx.store.list(KIND, { labelSelector: 'a in b' }), 'INVALID_ARGUMENT', /column 6/);
    });

    const limits: { limit: number; pages: number }[] = [
      { limit: 1, pages: 10 },
      { limit: 3, pages: 4 },
      { limit: 5, pages: 2 },
      { limit: 9, pages: 2 },
      { limit: 10, pages: 1 },
      { limit: 11, pages: 1 },
    ];
    for (const tc of limits) {
      it(`paginates 10 objects with limit ${tc.limit} into ${tc.pages} page(s)`, async () => {
        for (const i of [7, 2, 9, 0, 4, 1, 8, 3, 6, 5]) await ctx.store.create(widget(`w${i}`, { namespace: i % 2 ? 'odd' : 'even' }));
        const all = keys((await ctx.store.list<Widget>(KIND)).items);
        const seen: string[] = [];
        let token: string | undefined;
        let pages = 0;
        let revision: number | undefined;
        do {
          const page = await ctx.store.list<Widget>(KIND, { limit: tc.limit, continueToken: token });
          pages++;
          assert.ok(page.items.length <= tc.limit && page.items.length > 0);
          revision ??= page.revision;
          assert.equal(page.revision, revision, 'every page is served at the first page\'s revision');
          seen.push(...keys(page.items));
          token = page.continueToken;
        } while (token !== undefined);
        assert.equal(pages, tc.pages);
        assert.deepEqual(seen, all);
      });
    }

    it('serves later pages from the first page\'s snapshot, whatever was written in between', async () => {
      const created: Widget[] = [];
      for (const name of ['a', 'b', 'c', 'd', 'e', 'f']) created.push(await ctx.store.create(widget(name, { labels: { keep: 'yes' } })));
      const first = await ctx.store.list<Widget>(KIND, { limit: 2 });
      assert.deepEqual(keys(first.items), ['default/a', 'default/b']);

      // Writes after the snapshot: a new object sorting into a later page, a deletion, an
      // update that changes a label, an update of an already-returned object, a re-creation.
      await ctx.store.create(widget('cc'));
      await ctx.store.delete(KIND, 'default', 'd');
      const e = await ctx.store.get<Widget>(KIND, 'default', 'e');
      await ctx.store.update({ ...e, metadata: { ...e.metadata, labels: { keep: 'no' } }, spec: { size: 5 } });
      await ctx.store.update({ ...created[0]!, spec: { size: 7 } });
      await ctx.store.delete(KIND, 'default', 'f');
      await ctx.store.create(widget('f', { spec: { size: 8 } }));

      const rest: Widget[] = [];
      let token = first.continueToken;
      while (token !== undefined) {
        const page = await ctx.store.list<Widget>(KIND, { limit: 2, continueToken: token });
        assert.equal(page.revision, first.revision);
        rest.push(...page.items);
        token = page.continueToken;
      }
      assert.deepEqual(keys(rest), ['default/c', 'default/d', 'default/e', 'default/f']);
      assert.deepEqual(rest, created.slice(2), 'objects appear exactly as they were at the snapshot revision');

      const now = await ctx.store.list<Widget>(KIND);
      assert.deepEqual(keys(now.items), ['default/a', 'default/b', 'default/c', 'default/cc', 'default/e', 'default/f']);
    });

    it('keeps the snapshot when a page is filtered by selector', async () => {
      for (let i = 0; i < 8; i++) await ctx.store.create(widget(`w${i}`, { labels: { parity: i % 2 ? 'odd' : 'even' } }));
      const first = await ctx.store.list<Widget>(KIND, { labelSelector: 'parity=even', limit: 2 });
      assert.deepEqual(keys(first.items), ['default/w0', 'default/w2']);
      // w4 stops matching and w5 starts matching after the snapshot: the next page does not see it.
      for (const [name, parity] of [['w4', 'odd'], ['w5', 'even']] as const) {
        const w = await ctx.store.get<Widget>(KIND, 'default', name);
        await ctx.store.update({ ...w, metadata: { ...w.metadata, labels: { parity } } });
      }
      const second = await ctx.store.list<Widget>(KIND, { labelSelector: 'parity=even', limit: 2, continueToken: first.continueToken });
      assert.deepEqual(keys(second.items), ['default/w4', 'default/w6']);
      assert.equal(second.continueToken, undefined);
    });

    it('paginates one namespace', async () => {
      for (const ns of ['a', 'b', 'c']) for (let i = 0; i < 3; i++) await ctx.store.create(widget(`w${i}`, { namespace: ns }));
      const first = await ctx.store.list<Widget>(KIND, { namespace: 'b', limit: 2 });
      const second = await ctx.store.list<Widget>(KIND, { namespace: 'b', limit: 2, continueToken: first.continueToken });
      assert.deepEqual([...keys(first.items), ...keys(second.items)], ['b/w0', 'b/w1', 'b/w2']);
      assert.equal(second.continueToken, undefined);
    });

    it('rejects a malformed continue token as INVALID_ARGUMENT', async () => {
      await rejectsWith(ctx.store.list(KIND, { continueToken: 'not-a-token' }), 'INVALID_ARGUMENT', /continue/);
    });

    it('rejects a continue token issued for another kind or namespace as INVALID_ARGUMENT', async () => {
      for (let i = 0; i < 3; i++) await ctx.store.create(widget(`w${i}`));
      const { continueToken } = await ctx.store.list(KIND, { limit: 1 });
      assert.ok(continueToken);
      await rejectsWith(ctx.store.list(OTHER_KIND, { continueToken }), 'INVALID_ARGUMENT', /continue/);
      await rejectsWith(ctx.store.list(KIND, { namespace: 'default', continueToken }), 'INVALID_ARGUMENT', /continue/);
    });

    it('fails with OUT_OF_RANGE when the snapshot revision was compacted', async () => {
      for (let i = 0; i < 3; i++) await ctx.store.create(widget(`w${i}`));
      const first = await ctx.store.list(KIND, { limit: 1 });
      await ctx.store.create(widget('w3'));
      await ctx.store.compact(await ctx.store.currentRevision());
      await rejectsWith(ctx.store.list(KIND, { limit: 1, continueToken: first.continueToken }), 'OUT_OF_RANGE', /compacted/);
    });

    it('rejects a negative or fractional limit as INVALID_ARGUMENT', async () => {
      await rejectsWith(ctx.store.list(KIND, { limit: -1 }), 'INVALID_ARGUMENT', /limit/);
      await rejectsWith(ctx.store.list(KIND, { limit: 1.5 }), 'INVALID_ARGUMENT', /limit/);
    });
  });
}
