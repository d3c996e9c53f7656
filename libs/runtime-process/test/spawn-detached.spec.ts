import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { checkIdentity, readExitFile, readProcStat, signalGroup, spawnDetached, waitForExit, waitForWorkloadExec } from '../src/index.js';

describe('spawnDetached + exit shim (real processes)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'mosaic-spawn-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const base = () => ({ env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin' }, cwd: dir, logFile: join(dir, 'out.log'), exitFile: join(dir, 'exit') });

  it('runs in its own session with output in the log file and records the exit code', async () => {
    const p = spawnDetached({ ...base(), command: 'sh', args: ['-c', 'echo out; echo err >&2; exit 7'] });
    const stat = readProcStat(p.identity.pid);
    assert.equal(p.identity.pgid, p.identity.pid);
    assert.equal(stat?.sid, p.identity.pid);
    const [code] = (await once(p.child, 'exit')) as [number];
    assert.equal(code, 7);
    assert.equal(readExitFile(join(dir, 'exit')), 7);
    assert.equal(readFileSync(join(dir, 'out.log'), 'utf8'), 'out\nerr\n');
  });

  it('sees exactly the given environment', async () => {
    const p = spawnDetached({ ...base(), env: { ...base().env, ONLY: 'this' }, command: 'sh', args: ['-c', 'env | sort'] });
    await once(p.child, 'exit');
    const names = readFileSync(join(dir, 'out.log'), 'utf8').split('\n').filter(Boolean).map((l) => l.split('=')[0] ?? '');
    assert.deepEqual(names.filter((n) => !['PWD', 'SHLVL', '_', 'OLDPWD'].includes(n)), ['ONLY', 'PATH']);
  });

  it('a group SIGTERM reaches the workload and the shim records 143', async () => {
    const p = spawnDetached({ ...base(), command: 'sleep', args: ['30'] });
    assert.equal(checkIdentity(p.identity), 'alive');
    await waitForWorkloadExec(p.identity);
    assert.ok(signalGroup(p.identity, 'SIGTERM'));
    await once(p.child, 'exit');
    assert.equal(readExitFile(join(dir, 'exit')), 143);
    assert.equal(checkIdentity(p.identity), 'exited');
  });

  it('a stale identity (same pid, other start time) is reported recycled and never signalled', () => {
    const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      const pid = sleeper.pid!;
      const stale = { pid, pgid: pid, startTime: '1', bootId: 'x' };
      assert.equal(checkIdentity(stale), 'recycled');
      assert.equal(signalGroup(stale, 'SIGKILL'), false);
      assert.equal(readProcStat(pid)?.state !== 'Z', true);
    } finally {
      sleeper.kill('SIGKILL');
    }
  });

  it('waits for the exit of a process that is not its child', async () => {
    const p = spawnDetached({ ...base(), command: 'sleep', args: ['0.3'] });
    const t0 = Date.now();
    await waitForExit(p.identity, { intervalMs: 20 });
    assert.ok(Date.now() - t0 >= 200);
  });

  it('refuses a missing working directory', () => {
    assert.throws(() => spawnDetached({ ...base(), cwd: join(dir, 'nope'), command: 'true', args: [] }), /does not exist/);
  });
});
