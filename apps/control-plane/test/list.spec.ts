import type { pb } from '@mosaic/proto';
import assert from 'node:assert/strict';
import { call } from './support/grpc-client.js';
import { startTestControlPlane, type TestControlPlane } from './support/test-control-plane.js';
import { serviceWorkload, uniqueNamespace, wasmWorkload } from './support/workloads.js';

describe('WorkloadService List', function () {
  let cp: TestControlPlane;
  const ns = uniqueNamespace('list');
  const other = uniqueNamespace('list-other');
  const suite = uniqueNamespace('suite');

  before(async () => {
    cp = await startTestControlPlane();
    const apply = (workload: pb.Workload) => call(cp.client, 'Apply', { workload });
    await apply(serviceWorkload(ns, 'a', { labels: { app: 'web', tier: 'fe', suite } }));
    await apply(serviceWorkload(ns, 'b', { labels: { app: 'api', suite } }));
    await apply(wasmWorkload(ns, 'c', { app: 'web', suite }));
    await apply(wasmWorkload(ns, 'd'));
    await apply(serviceWorkload(other, 'e', { labels: { app: 'web', suite } }));
  });
  after(async () => cp.close());

  const names = (items: { metadata?: { name?: string } }[] | undefined) => (items ?? []).map((w) => w.metadata?.name);

  const cases: { name: string; request: { namespace?: string; labelSelector?: string; runtime?: string }; want: string[] }[] = [
    { name: 'a namespace, sorted by name', request: { namespace: ns }, want: ['a', 'b', 'c', 'd'] },
    { name: 'equality selector', request: { namespace: ns, labelSelector: 'app=web' }, want: ['a', 'c'] },
    { name: 'set and absence selector', request: { namespace: ns, labelSelector: 'app in (web,api),!tier' }, want: ['b', 'c'] },
    { name: 'runtime filter', request: { namespace: ns, runtime: 'wasm' }, want: ['c', 'd'] },
    { name: 'selector and runtime together', request: { namespace: ns, labelSelector: 'app=web', runtime: 'wasm' }, want: ['c'] },
    { name: 'all namespaces', request: { labelSelector: `suite=${suite},app=web` }, want: ['a', 'c', 'e'] },
    { name: 'nothing matches', request: { namespace: ns, labelSelector: 'app=db' }, want: [] },
  ];
  for (const tc of cases) {
    it(tc.name, async () => {
      const res = await call(cp.client, 'List', tc.request);
      assert.deepEqual(names(res.items), tc.want);
      assert.match(res.resourceVersion ?? '', /^\d+$/);
      assert.equal(res.continueToken ?? '', '');
    });
  }

  it('pages with limit and continue token from one snapshot revision', async () => {
    const first = await call(cp.client, 'List', { namespace: ns, limit: 3 });
    assert.deepEqual(names(first.items), ['a', 'b', 'c']);
    assert.ok(first.continueToken, 'a continue token while more items exist');
    // A write between pages is not part of the snapshot the pages are served from.
    await call(cp.client, 'Apply', { workload: serviceWorkload(ns, 'bb') });
    const second = await call(cp.client, 'List', { namespace: ns, limit: 3, continueToken: first.continueToken });
    assert.deepEqual(names(second.items), ['d']);
    assert.equal(second.continueToken ?? '', '');
    assert.equal(second.resourceVersion, first.resourceVersion);
    await call(cp.client, 'Delete', { namespace: ns, name: 'bb' });
  });

  it('pages through a filtered list', async () => {
    const seen: (string | undefined)[] = [];
    let continueToken = '';
    let pages = 0;
    do {
      const page = await call(cp.client, 'List', { namespace: ns, runtime: 'wasm', limit: 1, continueToken });
      seen.push(...names(page.items));
      continueToken = page.continueToken ?? '';
      pages++;
    } while (continueToken && pages < 10);
    assert.deepEqual(seen, ['c', 'd']);
  });
});
