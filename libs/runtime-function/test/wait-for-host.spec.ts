import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeFrame, FrameDecoder } from '../host/frame-codec.mjs';
import { HostUnavailableError, waitForHost } from '../src/host-client.js';

/** A real socket answering pings like the host does (listening only when the test says so). */
function pingServer(): Server {
  return createServer((socket) => {
    const decoder = new FrameDecoder();
    socket.on('data', (chunk: Buffer) => {
      for (const frame of decoder.push(chunk)) socket.write(encodeFrame({ id: frame.id as number, ok: true, output: { threads: 1 }, durationMs: 0 }));
    });
  });
}

describe('waitForHost', () => {
  let dir: string;
  let server: Server | undefined;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'mosaic-wait-host-'))));
  afterEach(async () => {
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    server = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers within a few ms of the host starting to listen, not a probe period later', async () => {
    const socket = join(dir, 'host.sock');
    const started = performance.now();
    let listeningAt = 0;
    setTimeout(() => {
      server = pingServer().listen(socket, () => (listeningAt = performance.now()));
    }, 300);
    const pong = await waitForHost(socket, AbortSignal.timeout(5000));
    const answeredAt = performance.now();
    assert.equal(pong.ok, true);
    assert.deepEqual(pong.output, { threads: 1 });
    assert.ok(listeningAt > 0 && answeredAt - started >= 300, 'waited for the late host');
    assert.ok(answeredAt - listeningAt < 150, `answered ${Math.round(answeredAt - listeningAt)} ms after the host listened`);
  });

  it('gives up with the connect error when the signal aborts first', async () => {
    const started = performance.now();
    await assert.rejects(waitForHost(join(dir, 'never.sock'), AbortSignal.timeout(200)), (err: unknown) => err instanceof HostUnavailableError && !err.sent);
    const took = performance.now() - started;
    assert.ok(took >= 190 && took < 1000, `gave up after ${Math.round(took)} ms`);
  });

  it('settles with the first answer of a host that listens, even a failed one (no retry)', async () => {
    const socket = join(dir, 'busy.sock');
    let pings = 0;
    server = createServer((s) => {
      const decoder = new FrameDecoder();
      s.on('data', (chunk: Buffer) => {
        for (const frame of decoder.push(chunk)) {
          pings++;
          s.write(encodeFrame({ id: frame.id as number, ok: false, error: { name: 'Busy', message: 'not yet', code: 'HostUnavailable' }, durationMs: 0 }));
        }
      });
    });
    await new Promise<void>((r) => server!.listen(socket, r));
    const pong = await waitForHost(socket, AbortSignal.timeout(2000));
    assert.equal(pong.ok, false);
    assert.equal(pong.error?.message, 'not yet');
    assert.equal(pings, 1);
  });
});
