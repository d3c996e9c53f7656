import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkloadSpec } from '@mosaic/api';
import { InstanceConditionType, InstanceReason, type InstanceSpec, type RuntimeContext } from '@mosaic/runtime';
import { checkIdentity, resolveSupervisionOptions, SupervisedInstance, type LaunchSpec, type RestartPolicy } from '../src/index.js';

async function until(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('SupervisedInstance (real processes)', function () {
  this.timeout(20_000);
  let root: string;
  let ctx: RuntimeContext;
  const handles: SupervisedInstance[] = [];

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'mosaic-sup-'));
    mkdirSync(join(root, 'work'));
    ctx = { instanceDir: join(root, 'instance'), logDir: join(root, 'logs'), baseDir: join(root, 'work'), node: { name: 'n' } };
  });
  afterEach(async () => {
    await Promise.all(handles.splice(0).map((h) => h.stop(200)));
    rmSync(root, { recursive: true, force: true });
  });

  function launch(script: string, restartPolicy: RestartPolicy, supervision = {}) {
    const launchSpec: LaunchSpec = { command: 'sh', args: ['-c', script], env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin' }, cwd: ctx.baseDir };
    const handle = SupervisedInstance.launch({
      runtime: 'service',
      instance: { id: `sup-${handles.length}`, workloadKey: 't/sup', namespace: 't', name: 'sup', revision: 1, spec: {} as WorkloadSpec } satisfies InstanceSpec,
      ctx,
      restartPolicy,
      launch: () => launchSpec,
      supervision: resolveSupervisionOptions({ backoff: { initialMs: 50, factor: 2, resetAfterMs: 600 }, crashLoopThreshold: 3, ...supervision }),
    });
    handles.push(handle);
    return handle;
  }

  it('clears CrashLoop and resets the back-off once a run stays up for resetAfterMs', async () => {
    // Fails three times, then stays up.
    const handle = launch('n=$(cat count 2>/dev/null || echo 0); echo $((n+1)) > count; [ "$n" -ge 3 ] && exec sleep 30; exit 1', 'Always');
    await until(() => handle.conditions.some((c) => c.type === InstanceConditionType.CrashLoop && c.status === 'True'), 5000, 'CrashLoop');
    await until(() => handle.state === 'Running' && handle.restarts === 3, 5000, 'the fourth run');
    assert.equal(handle.record().consecutiveFailures, 3);
    await until(() => handle.conditions.some((c) => c.type === InstanceConditionType.CrashLoop && c.status === 'False'), 5000, 'recovery');
    const crashLoop = handle.conditions.find((c) => c.type === InstanceConditionType.CrashLoop);
    assert.equal(crashLoop?.reason, InstanceReason.Recovered);
    assert.equal(handle.record().consecutiveFailures, 0);
  });

  it('waits out the back-off in Starting and counts restarts', async () => {
    const handle = launch('exit 2', 'Always', { backoff: { initialMs: 400 } });
    await until(() => handle.restarts === 1, 2000, 'the first restart');
    assert.equal(handle.state, 'Starting');
    assert.equal(handle.reason, InstanceReason.BackOff);
    assert.match(handle.message ?? '', /exited with code 2; restarting in 400ms/);
    assert.equal(handle.pid, undefined);
    assert.equal(handle.record().process, undefined);
  });

  it('detach() lets go without touching the process', async () => {
    const handle = launch('sleep 30', 'Always');
    const identity = handle.record().process!;
    let events = 0;
    handle.on('change', () => events++);
    handle.detach();
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(checkIdentity(identity), 'alive');
    assert.equal(events, 0);
    process.kill(-identity.pgid, 'SIGKILL');
    handles.splice(handles.indexOf(handle), 1);
  });

  it('kills processes the run left behind in its group', async () => {
    const handle = launch('sleep 30 & echo $! > bg.pid; exit 1', 'Never');
    await until(() => handle.state === 'Failed', 5000, 'the run to fail');
    const bg = Number(readFileSync(join(ctx.baseDir, 'bg.pid'), 'utf8'));
    await until(() => {
      try {
        return readFileSync(`/proc/${bg}/stat`, 'utf8').split(') ')[1]?.startsWith('Z') ?? true;
      } catch {
        return true;
      }
    }, 3000, 'the background sleep to be killed');
  });

  it('emits a state event per transition and a change event for every record change', async () => {
    const handle = launch('exit 0', 'Never');
    const states: string[] = [];
    handle.on('state', (s, prev) => states.push(`${prev}→${s}`));
    await until(() => handle.state === 'Succeeded', 5000, 'Succeeded');
    assert.deepEqual(states, ['Running→Succeeded']);
    const record = handle.record();
    assert.equal(record.exitCode, 0);
    assert.ok(record.finishedAt);
    const roundTrip = JSON.parse(JSON.stringify(record)) as typeof record;
    assert.equal(roundTrip.state, 'Succeeded');
    assert.equal(roundTrip.instance.id, record.instance.id);
  });
});
