import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { renderPrometheus, type InstanceHandle } from '@mosaic/runtime';
import type { BpftraceInstance} from '../src/index.js';
import { EbpfRuntime, swapProbe } from '../src/index.js';
import {
  ebpfInstance, stableProgramIds, openatAttach, openatScript, openFiles, prepareHost, programIds, sampleValue, scratch, until, untilState,
} from './helpers.js';

describe('ebpf runtime: bpftrace probes (real kernel)', function () {
  this.timeout(60_000);
  let area: ReturnType<typeof scratch>;
  const handles: InstanceHandle[] = [];
  const runtime = new EbpfRuntime({ allowBpf: true, printIntervalMs: 200, outputPollMs: 50, attachTimeoutMs: 20_000, supervision: { stopGraceMs: 3000 } });

  before(function () {
    this.timeout(180_000);
    prepareHost();
  });
  beforeEach(() => (area = scratch()));
  afterEach(async () => {
    await Promise.all(handles.splice(0).map((h) => h.stop(1000)));
    area.cleanup();
  });

  async function start(section: Record<string, unknown>, name?: string, revision?: number, rt = runtime) {
    const instance = ebpfInstance(section, name, revision);
    const handle = await rt.start(instance, area.ctx(instance.id));
    handles.push(handle);
    return { instance, handle };
  }

  const opens = (h: InstanceHandle, comm: string) => sampleValue(h.metrics?.() ?? [], 'mosaic_probe_opens_total', { comm }) ?? 0;

  it('counts the openat() calls of a test process; the count is a metric and renders as Prometheus text', async () => {
    const { handle } = await start({ program: { bpftrace: openatScript }, attach: openatAttach });
    assert.equal(handle.state, 'Starting');
    assert.equal(handle.reason, 'Attaching');
    await untilState(handle, 'Running');
    assert.equal(handle.reason, 'Attached');
    const ids = (handle as BpftraceInstance).programIds;
    assert.ok(ids.length > 0, 'program ids reported');
    const loaded = programIds();
    for (const id of ids) assert.ok(loaded.includes(id), `program ${id} in bpftool prog list`);

    const comm = await openFiles(200, area.root);
    await until(() => opens(handle, comm) >= 200, 10_000, () => `count for ${comm} ≥ 200 (now ${opens(handle, comm)})`);
    const text = renderPrometheus(handle.metrics!(), { labels: { instance: handle.id } });
    assert.match(text, /# TYPE mosaic_probe_opens_total counter/);
    const line = text.split('\n').find((l) => l.startsWith(`mosaic_probe_opens_total{comm="${comm}",instance="${handle.id}"} `));
    assert.ok(line, `a sample for ${comm} in:\n${text.slice(0, 2000)}`);
    assert.ok(Number(line.split(' ').pop()) >= 200);
    // bpftrace's JSON output is the instance log (mosaic logs NAME)
    assert.match(readFileSync(handle.logs.file, 'utf8'), /"@opens"/);
  });

  it('a broken new revision fails verification; the previous one keeps running and counting', async () => {
    const { handle: old } = await start({ program: { bpftrace: openatScript }, attach: openatAttach }, 'swapbad', 1);
    await untilState(old, 'Running');
    const broken = ebpfInstance({ program: { bpftrace: 'tracepoint:syscalls:sys_enter_openat { @opens[comm] = count( }' }, attach: openatAttach }, 'swapbad', 2);
    const result = await swapProbe(runtime, old, broken, area.ctx(broken.id));
    assert.equal(result.outcome, 'failed');
    assert.ok(result.outcome === 'failed');
    assert.equal(result.reason, 'VerificationFailed');
    assert.match(result.message, /syntax error/);
    assert.equal(result.handle, old);
    assert.equal(result.candidate?.state, 'Failed');
    assert.equal(old.state, 'Running');
    const comm = await openFiles(50, area.root);
    await until(() => opens(old, comm) >= 50, 10_000, 'the old revision to count');
    const comm2 = await openFiles(70, area.root);
    await until(() => opens(old, comm2) >= 70, 10_000, 'the old revision to keep counting');
  });

  it('a new revision with a bad attach target fails to attach; the previous one keeps running', async () => {
    const { handle: old } = await start({ program: { bpftrace: openatScript }, attach: openatAttach }, 'swapattach', 1);
    await untilState(old, 'Running');
    const before = programIds();
    // The dry run accepts it (kprobe targets are resolved at attach time); attaching fails.
    const bad = ebpfInstance({ program: { bpftrace: 'kprobe:mosaic_no_such_function_xyz { @calls = count(); }' }, attach: { type: 'kprobe', target: 'mosaic_no_such_function_xyz' } }, 'swapattach', 2);
    const result = await swapProbe(runtime, old, bad, area.ctx(bad.id));
    assert.ok(result.outcome === 'failed', `swap outcome ${result.outcome}`);
    assert.equal(result.reason, 'AttachFailed');
    assert.match(result.message, /attach/i);
    assert.equal(old.state, 'Running');
    const comm = await openFiles(40, area.root);
    await until(() => opens(old, comm) >= 40, 10_000, 'the old revision to keep counting');
    // Nothing of the failed candidate stays loaded.
    await until(() => programIds().every((id) => before.includes(id)), 5000, 'no new programs left behind');
  });

  it('a good new revision attaches before the old one is detached: gap 0', async () => {
    const { handle: old } = await start({ program: { bpftrace: openatScript }, attach: openatAttach }, 'swapgood', 1);
    await untilState(old, 'Running');
    const oldIds = [...(old as BpftraceInstance).programIds];
    const next = ebpfInstance({ program: { bpftrace: 'tracepoint:syscalls:sys_enter_openat { @opens[comm] = count(); @all = count(); }' }, attach: openatAttach }, 'swapgood', 2);
    const result = await swapProbe(runtime, old, next, area.ctx(next.id));
    assert.ok(result.outcome === 'swapped', `swap ${result.outcome}: ${result.outcome === 'failed' ? result.message : ''}`);
    handles.push(result.handle);
    assert.equal(result.gapMs, 0);
    assert.ok(result.overlapMs >= 0);
    assert.equal(old.state, 'Stopped');
    assert.equal(result.handle.state, 'Running');
    await until(() => programIds().every((id) => !oldIds.includes(id)), 5000, 'the old programs to be unloaded');
    const comm = await openFiles(30, area.root);
    await until(() => opens(result.handle, comm) >= 30, 10_000, 'the new revision to count');
  });

  it('stop removes every program Mosaic attached and nothing else', async () => {
    // A probe Mosaic did not start: it must survive.
    const foreign: ChildProcess = spawn('bpftrace', ['-e', 'tracepoint:syscalls:sys_enter_close { @c = count(); }'], { stdio: 'ignore' });
    try {
      const baseline = programIds();
      await until(() => programIds().length > baseline.length, 15_000, 'the foreign bpftrace to load');
      const before = await stableProgramIds();
      const foreignIds = before.filter((id) => !baseline.includes(id));
      const { handle } = await start({ program: { bpftrace: openatScript }, attach: openatAttach });
      await untilState(handle, 'Running');
      const ours = [...(handle as BpftraceInstance).programIds];
      assert.ok(ours.length > 0);
      assert.ok(ours.every((id) => !before.includes(id)));
      await handle.stop(2000);
      assert.equal(handle.state, 'Stopped');
      await until(() => programIds().every((id) => !ours.includes(id)), 5000, 'our programs to be unloaded');
      const after = programIds();
      assert.deepEqual(after.filter((id) => before.includes(id)).sort(), [...before].sort(), 'every program that was there before is still there');
      assert.ok(foreignIds.length > 0 && foreignIds.every((id) => after.includes(id)), 'the foreign bpftrace keeps its programs');
      assert.equal(handle.pid, undefined);
    } finally {
      foreign.kill('SIGINT');
    }
  });

  it('an agent restart re-attaches to the running bpftrace (adopt) and keeps exporting', async () => {
    const { instance, handle } = await start({ program: { bpftrace: openatScript }, attach: openatAttach });
    await untilState(handle, 'Running');
    const record = handle.record();
    const pid = handle.pid;
    handle.detach();
    handles.splice(handles.indexOf(handle), 1);
    const fresh = new EbpfRuntime({ allowBpf: true, printIntervalMs: 200, outputPollMs: 50 });
    const adopted = await fresh.adopt(JSON.parse(JSON.stringify(record)) as typeof record, area.ctx(instance.id));
    assert.ok(adopted);
    handles.push(adopted);
    assert.equal(adopted.pid, pid);
    assert.equal(adopted.state, 'Running');
    const comm = await openFiles(25, area.root);
    await until(() => opens(adopted, comm) >= 25, 10_000, 'the adopted probe to count');
    await adopted.stop(2000);
    assert.equal(adopted.state, 'Stopped');
  });

  it('a probe over limits.maxEventsPerSecond is detached (EventRateExceeded)', async () => {
    const rt = new EbpfRuntime({ allowBpf: true, printIntervalMs: 200, outputPollMs: 50, eventRateGraceSeconds: 1 });
    const { handle } = await start({
      program: { bpftrace: 'tracepoint:syscalls:sys_enter_openat { printf("%s\\n", comm); } interval:ms:10 { printf("tick\\n"); }' },
      attach: openatAttach,
      limits: { maxEventsPerSecond: 20 },
    }, undefined, undefined, rt);
    await until(() => handle.state === 'Failed', 15_000, () => `Failed (now ${handle.state} ${handle.reason ?? ''})`);
    assert.equal(handle.reason, 'EventRateExceeded');
    assert.equal(handle.pid, undefined);
  });

  it('limits.maxMapEntries bounds bpftrace maps', async () => {
    const { handle } = await start({
      program: { bpftrace: 'tracepoint:syscalls:sys_enter_openat { @seen[nsecs] = count(); }' },
      attach: openatAttach,
      limits: { maxMapEntries: 16 },
    });
    await untilState(handle, 'Running');
    await openFiles(200, area.root);
    const size = () => handle.metrics!().find((f) => f.name === 'mosaic_probe_seen_total')?.samples.length ?? 0;
    await until(() => size() > 0, 10_000, 'a print of @seen');
    await new Promise((r) => setTimeout(r, 500));
    assert.ok(size() <= 16, `@seen has ${size()} keys`);
  });

  it('a script file relative to the base dir; a missing one is a StartError', async () => {
    const { handle: missing } = await start({ program: { bpftraceFile: 'nope.bt' }, attach: openatAttach });
    assert.equal(missing.state, 'Failed');
    assert.equal(missing.reason, 'StartError');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${area.root}/work/opens.bt`, `${openatScript}\n`);
    const { handle } = await start({ program: { bpftraceFile: 'opens.bt' }, attach: openatAttach });
    await untilState(handle, 'Running');
    assert.ok(existsSync(handle.logs.file));
  });

  it('a probe whose requires the node does not meet fails before loading anything', async () => {
    const { handle } = await start({ program: { bpftrace: openatScript }, attach: openatAttach, requires: { kernel: '>=99' } });
    assert.equal(handle.state, 'Failed');
    assert.equal(handle.reason, 'RequirementsNotMet');
    assert.match(handle.message ?? '', /not in requires.kernel ">=99"/);
  });
});
