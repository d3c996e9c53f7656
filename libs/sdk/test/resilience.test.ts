import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { DeadlineExceededError, MosaicClient, UnavailableError, isDeadlineExceeded, type WatchEvent } from '../src/index.js';
import { freePort, removeStateDir, startControlPlaneProcess, type ControlPlaneProcess } from './support/control-plane-process.js';
import { serviceWorkload, uniqueNamespace } from './support/workloads.js';

/** Waits until `check` holds, polling; fails with `what` after `ms`. */
async function until(check: () => boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

describe('MosaicClient resilience', function () {
  this.timeout(60_000);
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  const track = (cp: ControlPlaneProcess, removeDir = true) => {
    cleanups.push(async () => {
      await cp.stop();
      if (removeDir) removeStateDir(cp.stateDir);
    });
    return cp;
  };
  const newClient = (c: MosaicClient) => {
    cleanups.push(() => c.close());
    return c;
  };

  it('retries UNAVAILABLE until a server that starts late answers', async () => {
    const port = await freePort();
    const client = newClient(new MosaicClient({ address: `127.0.0.1:${port}`, retry: { maxAttempts: 30, initialBackoffMs: 100, maxBackoffMs: 400 }, deadlineMs: 30_000 }));
    const started = Date.now();
    const call = client.list();
    await sleep(800); // the first attempts fail: nothing listens yet
    track(await startControlPlaneProcess({ listen: `127.0.0.1:${port}` }));
    const page = await call;
    assert.ok(Array.isArray(page.items));
    assert.ok(Date.now() - started >= 800, 'the call waited for the server');
  });

  it('gives up with UnavailableError once the attempts are spent', async () => {
    const port = await freePort();
    const client = newClient(new MosaicClient({ address: `127.0.0.1:${port}`, retry: { maxAttempts: 3, initialBackoffMs: 50, maxBackoffMs: 100 } }));
    await assert.rejects(client.get('default', 'x'), UnavailableError);
  });

  describe('deadlines', () => {
    // A TCP server that accepts connections and never speaks HTTP/2: every call hangs.
    let blackhole: Server;
    let address: string;
    const sockets = new Set<Socket>();
    before(async () => {
      blackhole = createServer((s) => {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
      });
      await new Promise<void>((resolve) => blackhole.listen(0, '127.0.0.1', resolve));
      address = `127.0.0.1:${(blackhole.address() as { port: number }).port}`;
    });
    after(() => {
      for (const s of sockets) s.destroy();
      blackhole.close();
    });

    it('the client deadline ends a hung call with DeadlineExceededError', async () => {
      const client = newClient(new MosaicClient({ address, deadlineMs: 300 }));
      const started = Date.now();
      const err = await client.get('default', 'x').then(() => undefined, (e: unknown) => e);
      assert.ok(err instanceof DeadlineExceededError, String(err));
      assert.equal(err.code, 'DEADLINE_EXCEEDED');
      const took = Date.now() - started;
      assert.ok(took >= 250 && took < 3000, `took ${took} ms`);
    });

    it('a per-call deadline overrides the client default', async () => {
      const client = newClient(new MosaicClient({ address, deadlineMs: 60_000 }));
      const started = Date.now();
      await assert.rejects(client.list({ deadlineMs: 200 }), (e: unknown) => isDeadlineExceeded(e));
      assert.ok(Date.now() - started < 3000);
    });
  });

  it('watch resumes across a SIGKILL and restart without losing or repeating events', async () => {
    const port = await freePort();
    const listen = `127.0.0.1:${port}`;
    const first = await startControlPlaneProcess({ listen });
    const stateDir = first.stateDir;
    cleanups.push(() => removeStateDir(stateDir));
    cleanups.push(() => first.stop());

    const ns = uniqueNamespace('resume');
    const retry = { initialBackoffMs: 50, maxBackoffMs: 300, maxAttempts: 30 };
    const writer = newClient(new MosaicClient({ address: listen, retry, deadlineMs: 20_000 }));
    const watcher = newClient(new MosaicClient({ address: listen, retry }));
    await writer.apply(serviceWorkload(ns, 'a'));

    const events: WatchEvent[] = [];
    const controller = new AbortController();
    let failure: unknown;
    const consuming = (async () => {
      for await (const ev of watcher.watch({ namespace: ns, signal: controller.signal })) events.push(ev);
    })().catch((err: unknown) => (failure = err));
    cleanups.push(async () => {
      controller.abort();
      await consuming;
    });

    await until(() => events.length === 1, 'the initial ADDED');
    await writer.apply(serviceWorkload(ns, 'b'));
    await writer.apply(serviceWorkload(ns, 'a', { replicas: 2 }));
    await until(() => events.length === 3, 'two live changes');

    await first.kill();
    const second = await startControlPlaneProcess({ listen, stateDir });
    cleanups.push(() => second.stop());
    // Written while the watch is (most likely) still reconnecting: it must catch up on them.
    await writer.apply(serviceWorkload(ns, 'b', { replicas: 3 }));
    await writer.delete(ns, 'a');
    await writer.apply(serviceWorkload(ns, 'c'));
    await until(() => events.length >= 6, 'the changes made around the restart');
    await sleep(300); // anything duplicated would show up now

    assert.equal(failure, undefined);
    assert.deepEqual(
      events.map((e) => `${e.type} ${e.workload.metadata.name} r${e.workload.spec.replicas}`),
      ['ADDED a r1', 'ADDED b r1', 'MODIFIED a r2', 'MODIFIED b r3', 'DELETED a r2', 'ADDED c r1'],
    );
    const revisions = events.slice(1).map((e) => Number(e.resourceVersion));
    assert.deepEqual(revisions, [...revisions].sort((x, y) => x - y), 'changes arrive in revision order');
    assert.equal(new Set(revisions).size, revisions.length, 'no revision delivered twice');
  });

  it('close() ends an open watch', async () => {
    const cp = track(await startControlPlaneProcess());
    const client = new MosaicClient({ address: cp.address });
    const watching = (async () => {
      let n = 0;
      for await (const _ of client.watch({ namespace: uniqueNamespace() })) n++;
      return n;
    })();
    await sleep(200);
    client.close();
    assert.equal(await watching, 0);
  });
});
