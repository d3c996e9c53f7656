import { status } from '@grpc/grpc-js';
import type { pb } from '@mosaic/proto';
import assert from 'node:assert/strict';
import { INITIAL_EVENTS_END_ANNOTATION } from '../src/index.js';
import { call } from './support/grpc-client.js';
import { startTestControlPlane, type TestControlPlane } from './support/test-control-plane.js';
import { WatchRecorder } from './support/watch-recorder.js';
import { serviceWorkload, uniqueNamespace, wasmWorkload } from './support/workloads.js';

describe('WorkloadService Watch', function () {
  let cp: TestControlPlane;
  const watches: WatchRecorder[] = [];
  before(async () => (cp = await startTestControlPlane()));
  afterEach(() => {
    for (const w of watches.splice(0)) w.cancel();
  });
  after(async () => cp.close());

  const watch = (request: pb.WatchRequest) => {
    const w = new WatchRecorder(cp.client, request);
    watches.push(w);
    return w;
  };
  const apply = async (workload: pb.Workload) => (await call(cp.client, 'Apply', { workload })).workload!;
  const currentRevision = async () => (await call(cp.client, 'List', { namespace: 'no-such-namespace' })).resourceVersion!;
  const summary = (events: pb.WatchEvent__Output[]) => events.map((e) => `${e.type} ${e.workload?.metadata?.name ?? ''}@${e.resourceVersion}`);

  it('from a resourceVersion delivers exactly the later changes, in order, then live ones', async () => {
    const ns = uniqueNamespace('w-from');
    const keep = await apply(serviceWorkload(ns, 'keep'));
    const gone = await apply(serviceWorkload(ns, 'gone'));
    const from = await currentRevision();
    const x1 = await apply(serviceWorkload(ns, 'x'));
    const x2 = await apply(serviceWorkload(ns, 'x', { replicas: 2 }));
    const deleted = (await call(cp.client, 'Delete', { namespace: ns, name: 'gone' })).workload!;

    const w = watch({ namespace: ns, resourceVersion: from });
    await w.waitForChanges(3);
    assert.deepEqual(summary(w.changes), [
      `ADDED x@${x1.metadata!.resourceVersion}`,
      `MODIFIED x@${x2.metadata!.resourceVersion}`,
      `DELETED gone@${deleted.metadata!.resourceVersion}`,
    ]);
    assert.ok(Number(deleted.metadata!.resourceVersion) > Number(gone.metadata!.resourceVersion));
    assert.equal(w.changes[1]?.workload?.spec?.replicas, 2);

    const live = await apply(serviceWorkload(ns, 'keep', { replicas: 5 }));
    await w.waitForChanges(4);
    assert.equal(summary(w.changes)[3], `MODIFIED keep@${live.metadata!.resourceVersion}`);
    assert.equal(w.changes.length, 4, 'nothing from before the start revision');
    assert.ok(keep);
  });

  it('without a resourceVersion sends the current state as ADDED, an initial-events-end BOOKMARK, then changes', async () => {
    const ns = uniqueNamespace('w-init');
    const a = await apply(serviceWorkload(ns, 'a'));
    const b = await apply(wasmWorkload(ns, 'b'));
    const w = watch({ namespace: ns });
    await w.waitFor((events) => events.length >= 3, 5000, 'initial state');
    assert.deepEqual(summary(w.events.slice(0, 2)), [`ADDED a@${a.metadata!.resourceVersion}`, `ADDED b@${b.metadata!.resourceVersion}`]);
    const marker = w.events[2]!;
    assert.equal(marker.type, 'BOOKMARK');
    assert.equal(marker.workload?.metadata?.annotations?.[INITIAL_EVENTS_END_ANNOTATION], 'true');
    assert.ok(Number(marker.resourceVersion) >= Number(b.metadata!.resourceVersion));
    assert.equal(marker.workload?.metadata?.resourceVersion, marker.resourceVersion);

    const a2 = await apply(serviceWorkload(ns, 'a', { replicas: 2 }));
    await w.waitForChanges(3);
    assert.equal(summary(w.changes)[2], `MODIFIED a@${a2.metadata!.resourceVersion}`);
  });

  it('filters by runtime and label selector; an object leaving the selector arrives as DELETED', async () => {
    const ns = uniqueNamespace('w-filter');
    const from = await currentRevision();
    const byRuntime = watch({ namespace: ns, runtime: 'wasm', resourceVersion: from });
    const bySelector = watch({ namespace: ns, labelSelector: 'app=web', resourceVersion: from });
    await apply(serviceWorkload(ns, 'svc', { labels: { app: 'web' } }));
    await apply(wasmWorkload(ns, 'mod', { app: 'api' }));
    await apply(serviceWorkload(ns, 'svc', { labels: { app: 'other' } }));
    await byRuntime.waitForChanges(1);
    await bySelector.waitForChanges(2);
    assert.deepEqual(byRuntime.changes.map((e) => `${e.type} ${e.workload?.metadata?.name}`), ['ADDED mod']);
    assert.deepEqual(bySelector.changes.map((e) => `${e.type} ${e.workload?.metadata?.name}`), ['ADDED svc', 'DELETED svc']);
  });

  it('sends BOOKMARKs carrying the latest revision while quiet', async function () {
    this.timeout(15000);
    const ns = uniqueNamespace('w-bm');
    const busy = uniqueNamespace('w-busy');
    const w = watch({ namespace: ns, resourceVersion: await currentRevision(), bookmarkIntervalSeconds: 1 });
    // Writes elsewhere are not sent to this watch, but its bookmarks must move past them.
    for (let i = 0; i < 3; i++) await apply(serviceWorkload(busy, `n${i}`));
    const latest = await currentRevision();
    await w.waitFor((events) => events.some((e) => e.type === 'BOOKMARK' && e.resourceVersion === latest), 4000, `a BOOKMARK at ${latest}`);
    assert.equal(w.changes.length, 0);
    const bookmark = w.events.find((e) => e.type === 'BOOKMARK')!;
    assert.equal(bookmark.workload?.metadata?.resourceVersion, bookmark.resourceVersion);
    assert.equal(bookmark.workload?.metadata?.name ?? '', '', 'a bookmark carries only the revision');
    // Several intervals pass: bookmarks keep coming.
    await w.waitFor((events) => events.filter((e) => e.type === 'BOOKMARK').length >= 2, 3000, 'a second BOOKMARK');
  });

  it('from a compacted revision fails with OUT_OF_RANGE', async () => {
    const ns = uniqueNamespace('w-compact');
    const old = await currentRevision();
    await apply(serviceWorkload(ns, 'a'));
    await apply(serviceWorkload(ns, 'a', { replicas: 2 }));
    const now = Number(await currentRevision());
    await cp.controlPlane.store.compact(now);
    const w = watch({ namespace: ns, resourceVersion: old });
    const end = await w.ended;
    assert.equal(end.code, status.OUT_OF_RANGE, end.details);
    assert.match(end.details, new RegExp(`resourceVersion ${old} is older than the retained change history`));
    assert.match(end.details, /list again and watch from the list's resourceVersion/);
    assert.equal(w.changes.length, 0);

    // Re-listing and watching from the list's revision works.
    const list = await call(cp.client, 'List', { namespace: ns });
    const resumed = watch({ namespace: ns, resourceVersion: list.resourceVersion! });
    const a3 = await apply(serviceWorkload(ns, 'a', { replicas: 3 }));
    await resumed.waitForChanges(1);
    assert.equal(resumed.changes[0]?.resourceVersion, a3.metadata!.resourceVersion);
  });

  it('rejects a malformed resourceVersion with INVALID_ARGUMENT', async () => {
    const w = watch({ resourceVersion: 'latest', bookmarkIntervalSeconds: -1 });
    const end = await w.ended;
    assert.equal(end.code, status.INVALID_ARGUMENT);
    assert.match(end.details, /resourceVersion: must be a resourceVersion returned by the server/);
    assert.match(end.details, /bookmarkIntervalSeconds: must be a positive number/);
  });

  it('ends the server side when the client cancels', async () => {
    const ns = uniqueNamespace('w-cancel');
    const w = watch({ namespace: ns });
    await w.waitFor((events) => events.length >= 1, 3000, 'the initial bookmark');
    w.cancel();
    const end = await w.ended;
    assert.equal(end.code, status.CANCELLED);
    // The server keeps serving.
    await apply(serviceWorkload(ns, 'after-cancel'));
  });
});
