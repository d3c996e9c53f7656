import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InstanceHandle, InstanceRecord } from '@mosaic/runtime';
import { ServiceRuntime } from '../src/index.js';
import { get, instanceOf, scratch, serviceSection, until, untilState } from './helpers.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const server = resolve(here, 'fixtures/server.mjs');
const driverHost = resolve(here, 'fixtures/driver-host.ts');
const fast = { backoff: { initialMs: 100, factor: 2, maxMs: 2000 }, stopGraceMs: 2000, exitPollMs: 50 };

/** One service with one dynamic port, health-checked by port name. */
const dynamicHello = () => serviceSection({
  command: [process.execPath, server],
  ports: [{ name: 'http', protocol: 'TCP' }],
  health: { http: { path: '/healthz', port: 'http' } },
});

function httpPort(handle: InstanceHandle): number {
  const port = handle.ports?.find((p) => p.name === 'http')?.port;
  assert.ok(port, `handle has an http port: ${JSON.stringify(handle.ports)}`);
  return port;
}

describe('service runtime: dynamic ports (real processes)', function () {
  this.timeout(30_000);
  let area: ReturnType<typeof scratch>;
  const handles: InstanceHandle[] = [];
  const runtime = new ServiceRuntime({ supervision: fast });

  beforeEach(() => (area = scratch()));
  afterEach(async () => {
    await Promise.all(handles.splice(0).map((h) => h.stop(200)));
    area.cleanup();
  });

  it('two instances of one service with a dynamic port both run healthy, each on its own port', async () => {
    const section = dynamicHello();
    const a = instanceOf('service', section);
    const b = { ...a, id: `${a.id}-b` };
    const [ha, hb] = await Promise.all([runtime.start(a, area.ctx(a.id)), runtime.start(b, area.ctx(b.id))]);
    handles.push(ha, hb);
    await Promise.all([untilState(ha, 'Running'), untilState(hb, 'Running')]);
    const [pa, pb] = [httpPort(ha), httpPort(hb)];
    assert.notEqual(pa, pb);
    assert.match((await get(pa)) ?? '', new RegExp(`${a.id}$`));
    assert.match((await get(pb)) ?? '', new RegExp(`${b.id}$`));
    assert.deepEqual(ha.record().driver, { ports: [{ name: 'http', port: pa, protocol: 'TCP' }] });
    assert.match(await readLog(ha), new RegExp(`port ${pa} PORT_HTTP=${pa} `));
  });

  it('keeps the port when the process is restarted', async () => {
    const instance = instanceOf('service', dynamicHello());
    const handle = await runtime.start(instance, area.ctx(instance.id));
    handles.push(handle);
    await untilState(handle, 'Running');
    const port = httpPort(handle);
    const before = await get(port);
    const firstPid = handle.pid!;
    process.kill(-firstPid, 'SIGKILL');
    await until(() => handle.restarts === 1 && handle.state === 'Running' && handle.pid !== firstPid, 10_000, 'a healthy restart');
    assert.equal(httpPort(handle), port);
    const after = await get(port);
    assert.match(after ?? '', new RegExp(`${instance.id}$`));
    assert.notEqual(after, before, 'a new process answers on the same port');
  });

  it('keeps the port when a new driver adopts the instance from its record', async () => {
    const instance = instanceOf('service', dynamicHello());
    const ctx = area.ctx(instance.id);
    const recordFile = join(area.root, `${instance.id}.record.json`);
    const child = spawn(process.execPath, ['--import', 'tsx', driverHost, JSON.stringify({ instance, ctx, recordFile })], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await until(() => out.includes('READY') || child.exitCode !== null, 15_000, 'the driver host to report READY');
    child.kill('SIGKILL');
    await once(child, 'exit');

    const saved = JSON.parse(readFileSync(recordFile, 'utf8')) as InstanceRecord;
    const port = (saved.driver?.['ports'] as { port: number }[] | undefined)?.[0]?.port;
    assert.ok(port, 'the record holds the port');
    const adopted = await new ServiceRuntime({ supervision: fast }).adopt(saved, ctx);
    assert.ok(adopted, 'adopted');
    handles.push(adopted);
    assert.equal(httpPort(adopted), port);
    assert.equal(adopted.state, 'Running');
    assert.match((await get(port)) ?? '', new RegExp(`${instance.id}$`));
    // The health check resolves "http" to the recorded port: the instance stays Running.
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(adopted.state, 'Running');
    assert.equal(adopted.restarts, 0);
  });
});

async function readLog(handle: InstanceHandle): Promise<string> {
  let text = '';
  for await (const chunk of handle.logs.read()) text += chunk;
  return text;
}
