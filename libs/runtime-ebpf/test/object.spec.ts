import { strict as assert } from 'node:assert';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { renderPrometheus, type InstanceHandle } from '@mosaic/runtime';
import type { ObjectInstance} from '../src/index.js';
import { EbpfRuntime, swapProbe } from '../src/index.js';
import {
  ebpfInstance, fixtureObject, stableProgramIds, openatAttach, openatObject, openFiles, prepareHost, programIds, sampleValue, scratch, until, xdpObject,
} from './helpers.js';

const PIN_ROOT = '/sys/fs/bpf/mosaic';

describe('ebpf runtime: CO-RE objects (real kernel)', function () {
  this.timeout(60_000);
  let area: ReturnType<typeof scratch>;
  const handles: InstanceHandle[] = [];
  const runtime = new EbpfRuntime({ allowBpf: true, printIntervalMs: 200 });

  before(function () {
    this.timeout(180_000);
    prepareHost();
  });
  beforeEach(() => (area = scratch()));
  afterEach(async () => {
    await Promise.all(handles.splice(0).map((h) => h.stop()));
    area.cleanup();
  });

  async function start(section: Record<string, unknown>, name?: string, revision?: number) {
    const instance = ebpfInstance(section, name, revision);
    const handle = await runtime.start(instance, area.ctx(instance.id));
    handles.push(handle);
    return { instance, handle: handle as ObjectInstance };
  }

  const openat = { program: { object: openatObject, program: 'count_openat' }, attach: openatAttach, requires: { btf: true } };
  const opensOf = async (h: ObjectInstance, comm: string) => sampleValue(await h.refreshMetrics(), 'mosaic_probe_opens_total', { comm }) ?? 0;

  it('loads and attaches the repo\'s openat counter; its program is in bpftool prog show and its map counts opens', async () => {
    const { instance, handle } = await start(openat);
    assert.equal(handle.state, 'Running', handle.message);
    assert.equal(handle.reason, 'Attached');
    const [id] = handle.programIds;
    assert.ok(id !== undefined);
    const shown = JSON.parse(execFileSync('bpftool', ['prog', 'show', 'id', String(id), '-j'], { encoding: 'utf8' })) as { id: number; name: string; type: string };
    assert.equal(shown.name, 'count_openat');
    assert.equal(shown.type, 'tracepoint');
    assert.deepEqual(readdirSync(`${PIN_ROOT}/${instance.id}`).sort(), ['links', 'maps', 'progs']);

    const comm = await openFiles(120, area.root);
    await until(async () => (await opensOf(handle, comm)) >= 120, 10_000, `the map to count ${comm}`);
    const text = renderPrometheus(handle.metrics());
    assert.match(text, new RegExp(`^mosaic_probe_opens_total\\{comm="${comm}"\\} \\d+$`, 'm'));
    assert.match(text, /^mosaic_ebpf_attached_programs 1$/m);
  });

  it('stop removes its pins and its program, and nothing else', async () => {
    const foreignDir = `/sys/fs/bpf/foreign-${process.pid}`;
    const loader = (await runtime.hostFacts()).loader!;
    const foreign = (JSON.parse(execFileSync(loader, ['attach', openatObject, foreignDir, '--type', 'tracepoint', '--target', 'syscalls:sys_enter_openat'], { encoding: 'utf8' })) as { programs: { id: number }[] }).programs[0]!.id;
    try {
      const before = await stableProgramIds();
      const { instance, handle } = await start(openat);
      const ours = [...handle.programIds];
      await handle.stop();
      assert.equal(handle.state, 'Stopped');
      assert.equal(existsSync(`${PIN_ROOT}/${instance.id}`), false);
      await until(() => programIds().every((id) => !ours.includes(id)), 5000, 'our program to be unloaded');
      assert.deepEqual(programIds().filter((id) => before.includes(id)).sort(), [...before].sort());
      assert.ok(existsSync(`${foreignDir}/links/count_openat`), 'a pin Mosaic does not own stays');
      assert.ok(programIds().includes(foreign), 'the program Mosaic did not load stays');
    } finally {
      execFileSync('rm', ['-rf', foreignDir]);
    }
  });

  it('an object the verifier rejects fails with VerificationFailed and leaves nothing attached', async () => {
    const before = programIds();
    const { instance, handle } = await start({ program: { object: fixtureObject('unbounded-read'), program: 'unchecked' }, attach: openatAttach });
    assert.equal(handle.state, 'Failed');
    assert.equal(handle.reason, 'VerificationFailed');
    assert.match(handle.message, /invalid mem access|rejected/);
    assert.equal(existsSync(`${PIN_ROOT}/${instance.id}`), false);
    await until(() => programIds().every((id) => before.includes(id)), 5000, 'no program left');
  });

  it('a bad attach target is AttachFailed; a missing program name is VerificationFailed', async () => {
    const bad = await start({ program: { object: openatObject, program: 'count_openat' }, attach: { type: 'tracepoint', target: 'syscalls:sys_enter_nope' } });
    assert.equal(bad.handle.state, 'Failed');
    assert.equal(bad.handle.reason, 'AttachFailed');
    assert.match(bad.handle.message, /does not exist/);
    const missing = await start({ program: { object: openatObject, program: 'nope' }, attach: openatAttach });
    assert.equal(missing.handle.reason, 'VerificationFailed');
    assert.match(missing.handle.message, /no program named nope/);
  });

  it('limits.maxMapEntries: hash maps are shrunk, larger arrays refused', async () => {
    const refused = await start({ program: { object: fixtureObject('big-array'), program: 'fill' }, attach: openatAttach, limits: { maxMapEntries: 1000 } });
    assert.equal(refused.handle.reason, 'MapLimitExceeded');
    assert.match(refused.handle.message, /slots is an array of 100000 entries/);
    const { handle } = await start({ ...openat, limits: { maxMapEntries: 64 } });
    assert.equal(handle.state, 'Running');
    const info = JSON.parse(execFileSync('bpftool', ['map', 'show', 'pinned', `${handle.pinDir}/maps/opens_total`, '-j'], { encoding: 'utf8' })) as { max_entries: number };
    assert.equal(info.max_entries, 64);
  });

  describe('limits.maxEventsPerSecond (kernel run_cnt)', () => {
    let opener: ChildProcess | undefined;
    /** A child that opens /dev/null in a tight loop until killed. */
    const startOpener = () => {
      opener = spawn('/bin/sh', ['-c', 'while :; do exec 3</dev/null; done'], { stdio: 'ignore' });
    };
    afterEach(() => {
      opener?.kill('SIGKILL');
      opener = undefined;
    });

    it('a program running more often than the limit is detached: Failed, EventRateExceeded, gone from bpftool prog list', async () => {
      const { instance, handle } = await start({ ...openat, limits: { maxEventsPerSecond: 5 } });
      assert.equal(handle.state, 'Running', handle.message);
      assert.equal(readFileSync('/proc/sys/kernel/bpf_stats_enabled', 'utf8').trim(), '1', 'bpf stats are turned on (and stay on)');
      const [id] = handle.programIds;
      assert.ok(id !== undefined);
      const t0 = Date.now();
      startOpener();
      await until(() => handle.state === 'Failed', 10_000, () => `Failed (now ${handle.state} ${handle.reason}: ${handle.message})`);
      const tookMs = Date.now() - t0;
      assert.ok(tookMs < 8000, `failed after ${tookMs} ms`);
      assert.equal(handle.reason, 'EventRateExceeded');
      assert.match(handle.message, /ran \d+ times a second, over limits\.maxEventsPerSecond 5, for 3 seconds in a row; detached/);
      assert.equal(existsSync(`${PIN_ROOT}/${instance.id}`), false);
      assert.deepEqual(handle.programIds, []);
      await until(() => !programIds().includes(id), 5000, `program ${id} to leave bpftool prog list`);
      const rate = sampleValue(handle.metrics(), 'mosaic_ebpf_program_runs_per_second', { program: 'count_openat' }) ?? 0;
      assert.ok(rate > 5, `observed rate ${rate}`);
      await handle.stop();
      assert.equal(handle.state, 'Failed');
    });

    it('a program within a generous limit keeps running and exports its run rate', async () => {
      const { handle } = await start({ ...openat, limits: { maxEventsPerSecond: 100_000_000 } });
      assert.equal(handle.state, 'Running', handle.message);
      startOpener();
      const rate = () => sampleValue(handle.metrics(), 'mosaic_ebpf_program_runs_per_second', { program: 'count_openat' }) ?? 0;
      await until(() => rate() > 100, 5000, 'a run rate above 100/s');
      await new Promise((r) => setTimeout(r, 4500));
      assert.equal(handle.state, 'Running', `${handle.reason}: ${handle.message}`);
      assert.match(renderPrometheus(handle.metrics()), /^mosaic_ebpf_program_runs_per_second\{program="count_openat"\} \d+$/m);
      assert.equal(handle.programIds.length, 1);
    });
  });

  it('an XDP pass-counter attaches to lo and counts its packets', async () => {
    const { handle } = await start({ program: { object: xdpObject, program: 'count_packets' }, attach: { type: 'xdp', target: 'generic', interface: 'lo' } });
    assert.equal(handle.state, 'Running', handle.message);
    // Some loopback traffic: a TCP connection and a few bytes.
    const server = createServer((s) => s.end('pong')).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const port = (server.address() as { port: number }).port;
    for (let i = 0; i < 5; i++) {
      await new Promise<void>((done) => createConnection(port, '127.0.0.1').on('data', () => undefined).on('close', () => done()).end('ping'));
    }
    server.close();
    const packets = async () => sampleValue(await handle.refreshMetrics(), 'mosaic_probe_packets_total', {}) ?? 0;
    await until(async () => (await packets()) >= 10, 10_000, 'packets on lo');
  });

  it('an agent restart re-attaches to the pinned program (adopt)', async () => {
    const { instance, handle } = await start(openat);
    const record = JSON.parse(JSON.stringify(handle.record())) as ReturnType<typeof handle.record>;
    handle.detach();
    handles.splice(handles.indexOf(handle), 1);
    const fresh = new EbpfRuntime({ allowBpf: true, printIntervalMs: 200 });
    const adopted = await fresh.adopt(record, area.ctx(instance.id)) as ObjectInstance | undefined;
    assert.ok(adopted);
    handles.push(adopted);
    assert.equal(adopted.state, 'Running');
    assert.equal(adopted.reason, 'Adopted');
    assert.deepEqual(adopted.programIds, handle.programIds);
    const comm = await openFiles(20, area.root);
    await until(async () => (await opensOf(adopted, comm)) >= 20, 10_000, 'the adopted map to count');

    // Pins gone (as after a reboot): nothing to adopt.
    await adopted.stop();
    assert.equal(await fresh.adopt({ ...record, state: 'Running' }, area.ctx(instance.id)), undefined);
  });

  it('hot swap between object revisions: the new one attaches before the old one goes', async () => {
    const { handle: old } = await start(openat, 'objswap', 1);
    const next = ebpfInstance(openat, 'objswap', 2);
    const result = await swapProbe(runtime, old, next, area.ctx(next.id));
    assert.ok(result.outcome === 'swapped');
    handles.push(result.handle);
    assert.equal(result.gapMs, 0);
    assert.equal(old.state, 'Stopped');
    assert.equal(existsSync(old.pinDir), false);
    const bad = ebpfInstance({ program: { object: fixtureObject('unbounded-read'), program: 'unchecked' }, attach: openatAttach }, 'objswap', 3);
    const failed = await swapProbe(runtime, result.handle, bad, area.ctx(bad.id));
    assert.ok(failed.outcome === 'failed');
    assert.equal(failed.reason, 'VerificationFailed');
    assert.equal(result.handle.state, 'Running');
  });
});
