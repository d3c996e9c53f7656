// `mosaic invoke` and `mosaic invocations list|get|retry` through the built CLI binary against a
// real control plane (private Redis) with a real BullMQ consumer on the revision queue.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestControlPlane, tempDir, type TestControlPlane } from '../support/test-control-plane.js';
import { uniqueNamespace } from '../support/workloads.js';
import { EchoConsumers } from './function-fixture.js';

const CLI_BIN = fileURLToPath(new URL('../../../cli/dist/main.js', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe('mosaic invoke / invocations (built CLI)', function () {
  this.timeout(60_000);
  let cp: TestControlPlane;
  let consumers: EchoConsumers;
  let dir: { path: string; remove(): void };
  const ns = uniqueNamespace('cli-fn');

  const mosaic = (...args: string[]): Promise<Run> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLI_BIN, '--server', cp.controlPlane.address, ...args], {
        env: { ...process.env, MOSAIC_CONFIG: join(dir.path, 'config.yaml'), MOSAIC_SERVER: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.once('error', reject);
      child.once('close', (code) => resolve({ code, stdout, stderr }));
    });

  before(async () => {
    dir = tempDir('mosaic-cli-fn-');
    cp = await startTestControlPlane({ reconcile: true, httpListen: '127.0.0.1:0' });
    consumers = new EchoConsumers(cp);
    await consumers.deploy(ns, 'echo');
  });
  after(async () => {
    await consumers?.close();
    await cp?.close();
    dir?.remove();
  });

  it('invoke prints the output; --data @file; --async prints the id; get shows it', async () => {
    const sync = await mosaic('invoke', 'echo', '-n', ns, '--data', '{"a":1}');
    assert.equal(sync.code, 0, sync.stderr);
    assert.deepEqual(JSON.parse(sync.stdout), { echo: { a: 1 }, revision: 1 });

    const file = join(dir.path, 'in.json');
    writeFileSync(file, '{"from":"file"}');
    const fromFile = await mosaic('invoke', 'echo', '-n', ns, '--data', `@${file}`, '-o', 'json');
    assert.equal(fromFile.code, 0, fromFile.stderr);
    const inv = JSON.parse(fromFile.stdout) as { state: string; output: unknown; id: string };
    assert.equal(inv.state, 'succeeded');
    assert.deepEqual(inv.output, { echo: { from: 'file' }, revision: 1 });

    const async = await mosaic('invoke', 'echo', '-n', ns, '--async', '--idempotency-key', 'cli-1');
    assert.equal(async.code, 0, async.stderr);
    const id = async.stdout.trim();
    assert.match(id, /^k-[0-9a-f]{32}$/);
    const got = await mosaic('invocations', 'get', id, '-o', 'json');
    assert.equal(got.code, 0, got.stderr);
    assert.equal((JSON.parse(got.stdout) as { idempotencyKey: string }).idempotencyKey, 'cli-1');
  });

  it('a dead-lettered invocation exits 1 with its error; list --state finds it; retry replays it', async () => {
    const failed = await mosaic('invoke', 'echo', '-n', ns, '--data', '{"op":"fail"}');
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, /dead-lettered after 2 attempt\(s\): .*boom on attempt 2/);
    const id = /invocation (\S+) dead-lettered/.exec(failed.stderr)?.[1];
    assert.ok(id, failed.stderr);

    const list = await mosaic('invocations', 'list', 'echo', '-n', ns, '--state', 'dead-lettered');
    assert.equal(list.code, 0, list.stderr);
    const lines = list.stdout.trim().split('\n');
    assert.match(lines[0]!, /^ID\s+STATE\s+ATTEMPTS\s+REVISION\s+TRIGGER\s+DURATION\s+AGE$/);
    assert.equal(lines.length, 2);
    assert.match(lines[1]!, new RegExp(`^${id}\\s+dead-lettered\\s+2/2\\s+1\\s+api\\s+<none>`));

    const notDead = await mosaic('invocations', 'retry', 'i-unknown');
    assert.equal(notDead.code, 1);
    assert.match(notDead.stderr, /NOT_FOUND|not found/);

    consumers.broken = false;
    const retried = await mosaic('invocations', 'retry', id);
    assert.equal(retried.code, 0, retried.stderr);
    assert.match(retried.stdout, new RegExp(`invocation ${id} re-queued on revision 1`));
  });

  it('bad --data fails before any request', async () => {
    const bad = await mosaic('invoke', 'echo', '-n', ns, '--data', '{oops');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /--data is not JSON/);
  });
});
