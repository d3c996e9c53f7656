import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built bin: what operators run. */
const BIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/** An address nothing listens on (port 1 needs root to bind and is never a control plane here). */
const NOWHERE = '127.0.0.1:1';

describe('mosaic-agent (the bin, without a control plane)', function () {
  this.timeout(30_000);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'mosaic-agent-bin-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prints its usage with --help and rejects unknown flags with exit code 2', () => {
    const help = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /--node-name NAME/);
    const bad = spawnSync(process.execPath, [BIN, '--frobnicate'], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /mosaic-agent: .*frobnicate/);
    const labels = spawnSync(process.execPath, [BIN, '--labels', 'zone'], { encoding: 'utf8' });
    assert.equal(labels.status, 2);
    assert.match(labels.stderr, /"zone" is not key=value/);
  });

  it('keeps retrying an unreachable control plane, keeps its identity, and stops at once on SIGTERM', async () => {
    const run = async () => {
      const child = spawn(process.execPath, [BIN, '--server', NOWHERE, '--node-name', 'lonely', '--state-dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      const deadline = Date.now() + 10_000;
      while ((out.match(/retrying/g) ?? []).length < 2) {
        assert.ok(Date.now() < deadline, `no retries; output:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const stopAt = Date.now();
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      assert.equal(code, 0);
      assert.ok(Date.now() - stopAt < 3000, 'a graceful stop does not wait for the unreachable server');
      return readFileSync(join(dir, 'agent-id'), 'utf8');
    };
    const first = await run();
    assert.equal(await run(), first, 'the agent id survives restarts');
  });

  it('cleans up persisted instances it cannot adopt', async () => {
    const records = join(dir, 'records', 'ns');
    mkdirSync(records, { recursive: true });
    mkdirSync(join(dir, 'instances', 'ns', 'ghost'), { recursive: true });
    writeFileSync(join(records, 'garbage.json'), '{ not json');
    const record = {
      version: 1,
      assignment: { namespace: 'ns', name: 'ghost', uid: 'u', workload: 'w', revision: 1, runtime: 'no-such-runtime', labels: {} },
      record: { version: 1, runtime: 'no-such-runtime', instance: { id: 'ghost' }, state: 'Running', restarts: 0, conditions: [], consecutiveFailures: 0, instanceDir: join(dir, 'instances', 'ns', 'ghost'), logFile: join(dir, 'logs', 'ns', 'ghost.log'), updatedAt: '' },
    };
    writeFileSync(join(records, 'ghost.json'), JSON.stringify(record));
    const child = spawn(process.execPath, [BIN, '--server', NOWHERE, '--node-name', 'cleaner', '--state-dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const deadline = Date.now() + 10_000;
    while (!out.includes('started')) {
      assert.ok(Date.now() < deadline, 'the agent did not start');
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGTERM');
    await once(child, 'exit');
    assert.equal(existsSync(join(records, 'ghost.json')), false);
    assert.equal(existsSync(join(records, 'garbage.json')), false);
    assert.equal(existsSync(join(dir, 'instances', 'ns', 'ghost')), false);
  });
});
