import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBwrapArgs } from '../src/sandbox/bwrap-args.js';
import { detectHostLayout, findExecutable } from '../src/sandbox/host-layout.js';
import { scratch } from './helpers.js';

const here = fileURLToPath(new URL('.', import.meta.url));

interface Attempt { ok: boolean; value?: unknown; error?: string }
interface Report {
  readSecret: Attempt; readSecretDir: Attempt; root: string[]; etc: Attempt; env: string[];
  writeReadOnly: Attempt; writeWritable: Attempt; writeUsr: Attempt; network: string[]; capEff: string; pids: number;
}

/**
 * node:wasi is not a security boundary, so the sandbox must hold on its own: these specs run
 * arbitrary JavaScript (a stand-in for code that escaped the WASI layer) in the exact sandbox
 * the driver builds and check what it can reach.
 */
describe('bubblewrap sandbox (second layer, without node:wasi)', () => {
  let area: ReturnType<typeof scratch>;
  beforeEach(() => (area = scratch('mosaic-sandbox-')));
  afterEach(() => area.cleanup());

  function escape(network: boolean): Report {
    const bwrap = findExecutable('bwrap', process.env['PATH']);
    assert.ok(bwrap, 'bwrap is installed');
    const secretDir = join(area.root, 'host-only');
    mkdirSync(secretDir);
    writeFileSync(join(secretDir, 'secret.txt'), 'top secret');
    const ro = join(area.root, 'ro');
    const rw = join(area.root, 'rw');
    mkdirSync(ro);
    mkdirSync(rw);
    const config = join(area.root, 'config.json');
    writeFileSync(config, JSON.stringify({ secret: join(secretDir, 'secret.txt'), secretDir }));
    const args = buildBwrapArgs({
      hostLayout: detectHostLayout(),
      node: process.execPath,
      nodeArgs: [],
      runner: resolve(here, 'fixtures/escape-runner.mjs'),
      module: config,
      config,
      preopens: [{ host: ro, readOnly: true }, { host: rw, readOnly: false }],
      network,
    });
    const report = JSON.parse(execFileSync(bwrap, args, { env: { SECRET_TOKEN: 'leak' }, encoding: 'utf8' })) as Report;
    assert.ok(!existsSync(join(ro, 'evil.txt')));
    return report;
  }

  it('hides every host path but the system and the declared ones, with no env, capabilities or peers', () => {
    const r = escape(false);
    assert.deepEqual(r.readSecret, { ok: false, error: 'ENOENT' });
    assert.deepEqual(r.readSecretDir, { ok: false, error: 'ENOENT' });
    for (const entry of r.root) assert.ok(['bin', 'dev', 'etc', 'lib', 'lib32', 'lib64', 'libx32', 'mosaic', 'proc', 'sbin', 'tmp', 'usr'].includes(entry), `unexpected /${entry}`);
    assert.ok(!r.root.includes('root') && !r.root.includes('home') && !r.root.includes('work'));
    assert.deepEqual(r.etc, { ok: true, value: ['ld.so.cache', 'ld.so.conf', 'ld.so.conf.d'].filter((f) => existsSync(`/etc/${f}`)) });
    assert.deepEqual(r.env.filter((k) => k !== 'PWD'), [], 'bwrap --clearenv: the agent environment does not leak (bwrap sets PWD)');
    assert.equal(r.writeReadOnly.ok, false);
    assert.equal(r.writeReadOnly.error, 'EROFS');
    assert.equal(r.writeWritable.ok, true);
    assert.equal(r.writeUsr.ok, false);
    assert.equal(r.capEff, '0000000000000000');
    assert.ok(r.pids <= 3, `sees ${r.pids} processes: its own pid namespace`);
    assert.deepEqual(r.network, ['lo'], 'a private network namespace: its own loopback only');
  });

  it('shares the host network only with wasi.network: true', () => {
    const r = escape(true);
    assert.deepEqual(r.network.sort(), Object.keys(networkInterfaces()).sort());
    assert.deepEqual(r.readSecret, { ok: false, error: 'ENOENT' });
  });
});
