import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getRuntime, InstanceConditionType, InstanceReason, type InstanceHandle, type InstanceRecord } from '@mosaic/runtime';
import { ServiceRuntime, setup } from '../src/index.js';
import { freePort, get, instanceOf, isAlive, nextEvent, readAll, scratch, serviceSection, until, untilState } from './helpers.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const server = resolve(here, 'fixtures/server.mjs');
const driverHost = resolve(here, 'fixtures/driver-host.ts');
const fast = { backoff: { initialMs: 100, factor: 2, maxMs: 2000 }, stopGraceMs: 2000, exitPollMs: 50 };

describe('service runtime (real processes)', function () {
  this.timeout(30_000);
  let area: ReturnType<typeof scratch>;
  const handles: InstanceHandle[] = [];
  const runtime = new ServiceRuntime({ supervision: fast });

  beforeEach(() => (area = scratch()));
  afterEach(async () => {
    await Promise.all(handles.splice(0).map((h) => h.stop(200)));
    area.cleanup();
  });

  async function start(section: Record<string, unknown>, rt = runtime) {
    const instance = instanceOf('service', serviceSection(section));
    const handle = await rt.start(instance, area.ctx(instance.id));
    handles.push(handle);
    return { instance, handle };
  }

  it('registers itself with setup() and reports itself available', async () => {
    const rt = setup();
    assert.equal(getRuntime('service'), rt);
    assert.deepEqual((await rt.probe()).available, true);
  });

  it('starts the command with PORT, PORT_<NAME> and the declared env; Running at once without a health check', async () => {
    const [port, admin] = [await freePort(), await freePort()];
    const { instance, handle } = await start({
      command: [process.execPath, server],
      env: { GREETING: 'bonjour' },
      ports: [{ name: 'http', port, protocol: 'TCP' }, { name: 'admin', port: admin, protocol: 'TCP' }],
    });
    assert.equal(handle.state, 'Running');
    assert.equal(handle.reason, InstanceReason.Started);
    await until(async () => (await get(port)) !== undefined, 5000, 'the service to answer');
    assert.match((await get(port)) ?? '', new RegExp(`bonjour ${instance.id}$`));
    const log = await readAll(handle.logs.read());
    assert.match(log, new RegExp(`port ${port} PORT_HTTP=${port} PORT_ADMIN=${admin}`));
    assert.match(log, /listening/);
    assert.deepEqual(await handle.logs.paths(), [join(area.root, 'logs', `${instance.id}.log`)]);
  });

  it('resolves a relative workingDir against the base dir', async () => {
    mkdirSync(join(area.root, 'work', 'sub'));
    const { handle } = await start({ command: ['sh', '-c', 'pwd'], workingDir: 'sub', restartPolicy: 'Never' });
    await untilState(handle, 'Succeeded');
    assert.equal((await readAll(handle.logs.read())).trim(), join(area.root, 'work', 'sub'));
  });

  it('fails to start in a missing working directory, with a clear message', async () => {
    const { handle } = await start({ command: ['true'], workingDir: 'missing', restartPolicy: 'Never' });
    await untilState(handle, 'Failed');
    assert.equal(handle.reason, InstanceReason.StartError);
    assert.match(handle.message ?? '', /working directory .*\/work\/missing does not exist/);
  });

  it('gates Running on the first healthy HTTP check', async () => {
    const port = await freePort();
    const { handle } = await start({
      command: [process.execPath, server],
      env: { LISTEN_AFTER_MS: '1500' },
      ports: [{ name: 'http', port, protocol: 'TCP' }],
      health: { http: { path: '/healthz', port: 'http' }, periodSeconds: 1, failureThreshold: 5 },
    });
    assert.equal(handle.state, 'Starting');
    await new Promise((r) => setTimeout(r, 700));
    assert.equal(handle.state, 'Starting', 'not Running before the service listens');
    assert.equal(handle.conditions.find((c) => c.type === InstanceConditionType.Healthy)?.status, 'False');
    await untilState(handle, 'Running', 5000);
    assert.equal(handle.reason, InstanceReason.Healthy);
    assert.equal(handle.conditions.find((c) => c.type === InstanceConditionType.Healthy)?.status, 'True');
    assert.equal(handle.restarts, 0);
    assert.equal(await get(port, '/healthz'), 'ok');
  });

  it('gates Running on a TCP check', async () => {
    const port = await freePort();
    const { handle } = await start({
      command: [process.execPath, server],
      ports: [{ name: 'http', port, protocol: 'TCP' }],
      health: { tcp: { port: String(port) } },
    });
    await untilState(handle, 'Running', 5000);
    assert.equal(handle.reason, InstanceReason.Healthy);
  });

  it('replaces a process whose exec check fails failureThreshold times, then runs healthy again', async () => {
    const marker = join(area.root, 'work', 'unhealthy');
    const { handle } = await start({
      command: ['sleep', '60'],
      health: { exec: { command: ['sh', '-c', 'test ! -e unhealthy'] }, periodSeconds: 1, failureThreshold: 2 },
    });
    await untilState(handle, 'Running', 5000);
    const firstPid = handle.pid;
    writeFileSync(marker, '');
    const [restarts] = await nextEvent(handle, 'restart', 10_000);
    assert.equal(restarts, 1);
    assert.equal(handle.state, 'Starting');
    assert.equal(handle.reason, InstanceReason.BackOff);
    assert.match(handle.message ?? '', /health check failed 2\/2: sh exited with code 1/);
    rmSync(marker);
    await untilState(handle, 'Running', 5000);
    assert.notEqual(handle.pid, firstPid);
    assert.ok(firstPid !== undefined && !isAlive(firstPid), 'the unhealthy process is gone');
  });

  it('backs off exponentially and sets the CrashLoop condition for a crash-looping command', async () => {
    const { handle } = await start({ command: ['sh', '-c', 'echo boom; exit 3'] });
    const delays: number[] = [];
    handle.on('restart', (_n, delay) => delays.push(delay));
    await until(() => delays.length >= 4, 10_000, '4 restarts');
    assert.deepEqual(delays.slice(0, 4), [100, 200, 400, 800]);
    const crashLoop = handle.conditions.find((c) => c.type === InstanceConditionType.CrashLoop);
    assert.equal(crashLoop?.status, 'True');
    assert.equal(crashLoop?.reason, InstanceReason.CrashLoopBackOff);
    assert.match(crashLoop?.message ?? '', /exited with code 3: boom/);
    assert.equal(handle.reason === InstanceReason.CrashLoopBackOff || handle.state === 'Running', true);
    assert.ok(handle.restarts >= 4);
    assert.equal(handle.exitCode === 3 || handle.state === 'Running', true);
    await handle.stop(200);
    assert.equal(handle.state, 'Stopped');
    const n = handle.restarts;
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(handle.restarts, n, 'no restart after stop');
  });

  const policies: { policy: string; code: number; state: string; reason: string }[] = [
    { policy: 'Never', code: 3, state: 'Failed', reason: InstanceReason.Error },
    { policy: 'Never', code: 0, state: 'Succeeded', reason: InstanceReason.Completed },
    { policy: 'OnFailure', code: 0, state: 'Succeeded', reason: InstanceReason.Completed },
  ];
  for (const tc of policies) {
    it(`restartPolicy ${tc.policy}, exit ${tc.code} → ${tc.state}`, async () => {
      const { handle } = await start({ command: ['sh', '-c', `echo bye; exit ${tc.code}`], restartPolicy: tc.policy });
      await untilState(handle, tc.state as 'Failed');
      assert.equal(handle.exitCode, tc.code);
      assert.equal(handle.reason, tc.reason);
      assert.equal(handle.restarts, 0);
    });
  }

  it('restartPolicy OnFailure restarts a failing command', async () => {
    const { handle } = await start({ command: ['sh', '-c', 'exit 1'], restartPolicy: 'OnFailure' });
    await until(() => handle.restarts >= 2, 5000, '2 restarts');
  });

  it('stop sends SIGTERM to the process group and returns quickly when it exits', async () => {
    const port = await freePort();
    const { handle } = await start({ command: [process.execPath, server], ports: [{ name: 'http', port, protocol: 'TCP' }] });
    await until(async () => (await get(port)) !== undefined, 5000, 'the service to answer');
    const pid = handle.pid!;
    const t0 = Date.now();
    await handle.stop(5000);
    assert.ok(Date.now() - t0 < 2000, 'no need to wait for the grace period');
    assert.equal(handle.state, 'Stopped');
    assert.match(await readAll(handle.logs.read()), /got SIGTERM/);
    assert.equal(await get(port), undefined);
    assert.ok(!isAlive(pid));
  });

  it('stop escalates to SIGKILL after the grace period when SIGTERM is ignored', async () => {
    const port = await freePort();
    const { handle } = await start({ command: [process.execPath, server], env: { IGNORE_TERM: '1' }, ports: [{ name: 'http', port, protocol: 'TCP' }] });
    await until(async () => (await get(port)) !== undefined, 5000, 'the service to answer');
    const t0 = Date.now();
    const states: string[] = [];
    handle.on('state', (s) => states.push(s));
    await handle.stop(800);
    const took = Date.now() - t0;
    assert.ok(took >= 800 && took < 3000, `stopped after ${took} ms`);
    assert.deepEqual(states, ['Stopping', 'Stopped']);
    assert.match(await readAll(handle.logs.read()), /got SIGTERM/);
    assert.equal(await get(port), undefined);
  });

  it('rotates its log by size, keeping K files, and reads across them', async () => {
    const rt = new ServiceRuntime({ supervision: { ...fast, logRotation: { maxBytes: 8192, keep: 2, checkIntervalMs: 50 } } });
    const port = await freePort();
    const { handle } = await start({ command: [process.execPath, server], env: { SPAM: '1' }, ports: [{ name: 'http', port, protocol: 'TCP' }] }, rt);
    await until(async () => (await handle.logs.paths()).length === 3, 10_000, 'two rotated files');
    await new Promise((r) => setTimeout(r, 300));
    const paths = await handle.logs.paths();
    assert.deepEqual(paths.map((p) => p.slice(-6)), ['.log.2', '.log.1', `-x.log`]);
    assert.ok(!existsSync(`${handle.logs.file}.3`));
    for (const p of paths.slice(0, 2)) assert.ok(statSync(p).size <= 8192 + 64 * 1024, `${p} is bounded`);
    const text = await readAll(handle.logs.read({ tailBytes: 1000 }));
    assert.ok(text.length <= 1000 && text.includes('x'.repeat(50)));
  });

  describe('surviving the agent', () => {
    async function startInChild(section: Record<string, unknown>) {
      const instance = instanceOf('service', serviceSection(section));
      const ctx = area.ctx(instance.id);
      const recordFile = join(area.root, `${instance.id}.record.json`);
      const child = spawn(process.execPath, ['--import', 'tsx', driverHost, JSON.stringify({ instance, ctx, recordFile })], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      await until(() => out.includes('READY') || child.exitCode !== null, 15_000, 'the driver host to report READY');
      assert.ok(out.includes('READY'), `driver host failed: ${out}`);
      return { instance, ctx, child, record: () => JSON.parse(readFileSync(recordFile, 'utf8')) as InstanceRecord };
    }

    it('keeps running after kill -9 of the process that started it, and a new driver adopts it', async () => {
      const port = await freePort();
      const { ctx, child, record } = await startInChild({
        command: [process.execPath, server], ports: [{ name: 'http', port, protocol: 'TCP' }],
        health: { http: { path: '/healthz', port: 'http' } },
      });
      await until(async () => (await get(port)) !== undefined, 5000, 'the service to answer');
      child.kill('SIGKILL');
      await once(child, 'exit');
      await new Promise((r) => setTimeout(r, 300));
      assert.match((await get(port)) ?? '', /hello from/, 'still answering after the agent died');

      const saved = record();
      assert.equal(saved.state, 'Running');
      const adopted = await new ServiceRuntime({ supervision: fast }).adopt(saved, ctx);
      assert.ok(adopted, 'adopted');
      handles.push(adopted);
      assert.equal(adopted.state, 'Running');
      assert.equal(adopted.pid, saved.process?.pid);
      await adopted.stop(2000);
      assert.equal(adopted.state, 'Stopped');
      assert.equal(await get(port), undefined, 'the adopted instance was really stopped');
      assert.ok(!isAlive(saved.process!.pid));
    });

    it('reports the outcome of a run that ended while no agent watched', async () => {
      const { ctx, child, record } = await startInChild({ command: ['sh', '-c', 'sleep 0.5; echo done; exit 4'], restartPolicy: 'Never' });
      child.kill('SIGKILL');
      await once(child, 'exit');
      const saved = record();
      await until(() => !isAlive(saved.process!.pid), 5000, 'the run to end');
      const adopted = await runtime.adopt(saved, ctx);
      assert.ok(adopted);
      assert.equal(adopted.state, 'Failed');
      assert.equal(adopted.exitCode, 4);
      assert.match(adopted.message ?? '', /exited with code 4: done \(while no agent was watching\)/);
    });

    it('never adopts a recycled pid: a live process with another start time is left alone', async () => {
      const { ctx, child, record } = await startInChild({ command: ['sleep', '60'] });
      child.kill('SIGKILL');
      await once(child, 'exit');
      const saved = record();
      const original = saved.process!;
      // The instance dies; its pid "is reused" by an unrelated process.
      process.kill(-original.pgid, 'SIGKILL');
      await until(() => !isAlive(original.pid), 5000, 'the instance to die');
      const stranger = spawn('sleep', ['30'], { stdio: 'ignore' });
      try {
        const forged: InstanceRecord = { ...saved, process: { ...original, pid: stranger.pid!, pgid: stranger.pid! } };
        assert.equal(await runtime.adopt(forged, ctx), undefined);
        assert.ok(isAlive(stranger.pid!), 'the stranger was not touched');
        // And the original record: the process is gone and the policy would restart it.
        assert.equal(await runtime.adopt(saved, ctx), undefined);
      } finally {
        stranger.kill('SIGKILL');
      }
    });
  });
});
