import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { call, workloadClient } from './support/grpc-client.js';
import { CONTROL_PLANE_BIN, spawnControlPlane } from './support/spawned-control-plane.js';
import { tempDir } from './support/test-control-plane.js';

const run = promisify(execFile);

/** Runs the bin to completion; resolves with exit code and output (never rejects). */
async function runBin(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [CONTROL_PLANE_BIN, ...args], { env: { ...process.env, ...env }, timeout: 10000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the mosaic-control-plane bin', function () {
  this.timeout(20000);
  const dir = tempDir();
  after(() => dir.remove());

  it('prints usage listing every flag and its environment variable', async () => {
    const { code, stdout } = await runBin(['--help']);
    assert.equal(code, 0);
    for (const flag of ['--state-dir DIR', '--listen HOST:PORT', '--log-level LEVEL', '--config FILE', 'MOSAIC_STATE_DIR', 'MOSAIC_LISTEN', 'MOSAIC_LOG_LEVEL']) {
      assert.ok(stdout.includes(flag), `${flag} missing from:\n${stdout}`);
    }
  });

  it('exits 2 with a one-line reason on a bad flag or value', async () => {
    const unknown = await runBin(['--stat-dir', dir.path]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^mosaic-control-plane: invalid command line:\n {2}argv: Unknown option '--stat-dir'/);
    const badEnv = await runBin(['--state-dir', dir.path], { MOSAIC_LISTEN: 'nowhere' });
    assert.equal(badEnv.code, 2);
    assert.match(badEnv.stderr, /MOSAIC_LISTEN: must be HOST:PORT/);
  });

  it('exits 1 when the address is taken', async () => {
    const first = await spawnControlPlane(dir.path);
    try {
      const taken = await runBin(['--state-dir', join(dir.path, 'other'), '--listen', first.address]);
      assert.equal(taken.code, 1);
      assert.match(taken.stderr, new RegExp(`cannot listen on ${first.address.replace(/\./g, '\\.')}`));
    } finally {
      first.child.kill('SIGTERM');
      await first.exited;
    }
  });

  it('reads a YAML config file, with flags taking precedence', async () => {
    const config = join(dir.path, 'cp.yaml');
    writeFileSync(config, `stateDir: ${join(dir.path, 'from-file')}\nlisten: 127.0.0.1:1\nlogLevel: debug\n`);
    // --listen overrides the file's (unbindable) port 1; the file's debug level shows in the log.
    const proc = await spawnControlPlane(join(dir.path, 'from-flag'), ['--config', config]);
    try {
      const client = workloadClient(proc.address);
      await call(client, 'List', {});
      client.close();
      proc.child.kill('SIGTERM');
      await proc.exited;
      assert.match(proc.stderr(), /"level":20,.*"method":"\/mosaic\.v1\.WorkloadService\/List","code":"OK","durationMs":/);
      assert.match(proc.stderr(), new RegExp(`"stateDir":"${join(dir.path, 'from-flag')}"`));
    } finally {
      if (proc.child.exitCode === null) proc.child.kill('SIGKILL');
    }
  });
});
