import assert from 'node:assert/strict';
import { Metadata, status as Status, type ClientReadableStream } from '@grpc/grpc-js';
import type { pb } from '@mosaic/proto';
import { DEFAULT_RETRY } from '../mosaic-client-options.js';
import type { WatchEvent } from '../mosaic-client-types.js';
import { resumingWatch } from './resuming-watch.js';

type Step = { type: string; rv: string; name?: string } | { fail: Status } | 'end';

/**
 * One fake Watch stream: yields the events, then fails with a status or ends. Only the
 * async-iterator side and cancel() of a grpc-js stream are used by the code under test.
 */
function fakeStream(steps: Step[]): ClientReadableStream<pb.WatchEvent__Output> {
  let cancelled = false;
  async function* messages() {
    for (const s of steps) {
      await Promise.resolve();
      if (cancelled) return;
      if (s === 'end') return;
      if ('fail' in s) throw Object.assign(new Error('stream failed'), { code: s.fail, details: 'gone', metadata: new Metadata() });
      const workload = { apiVersion: 'mosaic.dev/v1', kind: 'Workload', metadata: { name: s.name ?? `w${s.rv}`, namespace: 'ns', resourceVersion: s.rv } };
      yield { type: s.type, resourceVersion: s.rv, workload: s.type === 'BOOKMARK' ? { metadata: { resourceVersion: s.rv } } : workload };
    }
  }
  return Object.assign(messages(), { cancel: () => (cancelled = true) }) as unknown as ClientReadableStream<pb.WatchEvent__Output>;
}

function harness(streams: Step[][], maxReconnects = Infinity) {
  const opened: string[] = [];
  const controller = new AbortController();
  const watch = resumingWatch('', {
    open: (rv) => {
      opened.push(rv);
      return fakeStream(streams.shift() ?? [{ fail: Status.UNAVAILABLE }]);
    },
    retry: { ...DEFAULT_RETRY, jitter: 0 },
    maxReconnects,
    signal: controller.signal,
    sleep: () => Promise.resolve(),
  });
  return { watch, opened, controller };
}

async function take(watch: AsyncGenerator<WatchEvent>, n: number, withName = false): Promise<string[]> {
  const out: string[] = [];
  for await (const ev of watch) {
    out.push(`${ev.type}${withName ? ' ' + ev.workload.metadata.name : ''}@${ev.resourceVersion}`);
    if (out.length === n) break;
  }
  return out;
}

describe('resumingWatch', () => {
  it('re-opens after UNAVAILABLE from the last revision seen, dropping replays', async () => {
    const { watch, opened } = harness([
      [{ type: 'ADDED', rv: '5' }, { type: 'MODIFIED', rv: '6' }, { fail: Status.UNAVAILABLE }],
      [{ type: 'MODIFIED', rv: '6' }, { type: 'DELETED', rv: '7' }, 'end'],
    ]);
    assert.deepEqual(await take(watch, 3), ['ADDED@5', 'MODIFIED@6', 'DELETED@7']);
    assert.deepEqual(opened, ['', '6']);
  });

  it('re-opens when the server simply ends the stream', async () => {
    const { watch, opened } = harness([[{ type: 'BOOKMARK', rv: '0' }, { type: 'ADDED', rv: '1' }, 'end'], [{ type: 'ADDED', rv: '2' }, 'end']]);
    assert.deepEqual(await take(watch, 2), ['ADDED@1', 'ADDED@2']);
    assert.deepEqual(opened, ['', '1']);
  });

  it('re-lists when the initial state was cut short, without repeating or losing objects', async () => {
    const { watch, opened } = harness([
      [{ type: 'ADDED', rv: '3', name: 'a' }, { type: 'ADDED', rv: '4', name: 'b' }, { type: 'ADDED', rv: '5', name: 'c' }, { fail: Status.UNAVAILABLE }],
      // meanwhile: b changed, c was deleted
      [{ type: 'ADDED', rv: '3', name: 'a' }, { type: 'ADDED', rv: '9', name: 'b' }, { type: 'BOOKMARK', rv: '10' }, { fail: Status.UNAVAILABLE }],
      [{ type: 'ADDED', rv: '11', name: 'd' }, 'end'],
    ]);
    assert.deepEqual(await take(watch, 6, true), ['ADDED a@3', 'ADDED b@4', 'ADDED c@5', 'MODIFIED b@9', 'DELETED c@10', 'ADDED d@11']);
    assert.deepEqual(opened, ['', '', '10']);
  });

  it('bookmarks move the resume point without being yielded', async () => {
    const { watch, opened } = harness([
      [{ type: 'BOOKMARK', rv: '40' }, { fail: Status.UNAVAILABLE }],
      [{ type: 'ADDED', rv: '41' }, 'end'],
    ]);
    assert.deepEqual(await take(watch, 1), ['ADDED@41']);
    assert.deepEqual(opened, ['', '40']);
  });

  const fatal = [
    { name: 'OUT_OF_RANGE ends the watch with RevisionCompactedError', status: Status.OUT_OF_RANGE, error: 'RevisionCompactedError' },
    { name: 'PERMISSION_DENIED is not retried', status: Status.PERMISSION_DENIED, error: 'PermissionDeniedError' },
  ];
  for (const tc of fatal) {
    it(tc.name, async () => {
      const { watch, opened } = harness([[{ fail: tc.status }]]);
      await assert.rejects(take(watch, 1), { name: tc.error });
      assert.equal(opened.length, 1);
    });
  }

  it('gives up after maxReconnects consecutive failures', async () => {
    const { watch, opened } = harness([], 2);
    await assert.rejects(take(watch, 1), { name: 'UnavailableError' });
    assert.equal(opened.length, 3);
  });

  it('finishes quietly when aborted', async () => {
    const { watch, controller } = harness([[{ type: 'ADDED', rv: '1' }, 'end']]);
    const first = await watch.next();
    assert.equal(first.done, false);
    controller.abort();
    assert.deepEqual(await watch.next(), { done: true, value: undefined });
  });
});
