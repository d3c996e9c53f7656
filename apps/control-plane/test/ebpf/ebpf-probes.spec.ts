// Issue 6, end to end: eBPF probe workloads through the whole pipeline — the control-plane bin
// (reconciler, scheduler), a real agent process with --allow-bpf and --metrics-listen, the ebpf
// driver on this machine's kernel, and the `mosaic` CLI. As root only (the suite fails, not
// skips, when it cannot load BPF: a probe suite that silently passes proves nothing).
import type { Workload } from '@mosaic/api';
import type { pb } from '@mosaic/proto';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, PipelineCluster, REPO_ROOT } from '../pipeline/support/pipeline-cluster.js';

const CLI_BIN = join(REPO_ROOT, 'apps/cli/dist/main.js');
const OPENAT_OBJECT = 'examples/ebpf/build/openat-counter.bpf.o';
const OPENAT = { type: 'tracepoint', target: 'syscalls:sys_enter_openat' };

/** Every BPF program id loaded in the kernel right now. */
function programIds(): number[] {
  return (JSON.parse(execFileSync('bpftool', ['prog', 'show', '-j'], { encoding: 'utf8' })) as { id: number }[]).map((p) => p.id);
}

/** The program ids an instance's status message names (bpftrace: "programs 1, 2"; object: "(id 3)"). */
function reportedProgramIds(message: string | undefined): number[] {
  const text = message ?? '';
  const list = /programs ([\d, ]+)\)/.exec(text)?.[1];
  if (list) return list.split(',').map((s) => Number(s.trim())).filter((n) => n > 0);
  return [...text.matchAll(/\(id (\d+)\)/g)].map((m) => Number(m[1]));
}

function probeWorkload(ns: string, name: string, ebpf: Record<string, unknown>, placement: Record<string, unknown> = { mode: 'everyNode' }): pb.Workload {
  return {
    apiVersion: 'mosaic.dev/v1',
    kind: 'Workload',
    metadata: { name, namespace: ns },
    spec: { runtime: 'ebpf', placement, ebpf: { privileged: true, attach: OPENAT, limits: { maxMapEntries: 1024 }, ...ebpf } },
  };
}

/** A bpftrace script counting the openat() calls of processes named `comm` only. */
const countOpensOf = (comm: string, extra = '') => `tracepoint:syscalls:sys_enter_openat /comm == "${comm}"/ { @opens[comm] = count(); }${extra}\n`;

describe('ebpf probes through the pipeline (root, real kernel, real agent)', function () {
  this.timeout(180_000);
  const ns = `ebpf-e2e-${process.pid}`;
  let cluster: PipelineCluster;
  let metricsUrl: string;
  let work: string;
  /** A command whose process name (comm) is unique to this run: a symlink to cat. */
  let comm: string;
  let catLink: string;
  let files: string[];

  before(async function () {
    assert.equal(process.getuid?.(), 0, 'the eBPF suite runs as root');
    if (!existsSync(join(REPO_ROOT, OPENAT_OBJECT)) || !existsSync(join(REPO_ROOT, 'libs/runtime-ebpf/loader/build/mosaic-bpf-loader'))) {
      execFileSync('bash', [join(REPO_ROOT, 'tools/ebpf/build.sh')], { stdio: 'ignore' });
    }
    work = mkdtempSync(join(tmpdir(), 'mosaic-ebpf-e2e-'));
    comm = `mq${process.pid.toString(36)}${Math.random().toString(36).slice(2, 6)}`.slice(0, 15);
    catLink = join(work, comm);
    symlinkSync('/usr/bin/cat', catLink);
    files = Array.from({ length: 7 }, (_, i) => join(work, `f${i}`));
    for (const f of files) writeFileSync(f, 'x');
    cluster = await new PipelineCluster().start();
    const port = await freePort();
    metricsUrl = `http://127.0.0.1:${port}/metrics`;
    await cluster.startAgent('bpf-a', { zone: 'a' }, {}, ['--allow-bpf', '--metrics-listen', `127.0.0.1:${port}`]);
  });
  after(async () => {
    await cluster?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** Runs the uniquely named process once: it opens each of `files` (plus its own libraries). */
  const openFiles = () => execFileSync(catLink, files, { stdio: 'ignore' });

  const metricsText = async () => (await fetch(metricsUrl, { signal: AbortSignal.timeout(3000) })).text();

  /** The value of mosaic_probe_opens_total{comm=<comm>, workload=<workload>} on the agent's /metrics. */
  const scraped = async (workload: string, instance?: string): Promise<number | undefined> => {
    const line = (await metricsText()).split('\n').find((l) =>
      l.startsWith('mosaic_probe_opens_total{') && l.includes(`comm="${comm}"`) && l.includes(`workload="${workload}"`) && l.includes(`namespace="${ns}"`) &&
      (instance === undefined || l.includes(`instance="${instance}"`)));
    return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : undefined;
  };

  const cli = (...args: string[]) => execFileSync(process.execPath, [CLI_BIN, '--server', cluster.address, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

  const running = (name: string, revision?: number) =>
    cluster.until(`${name} Running${revision ? ` at revision ${revision}` : ''}`, async () => {
      const w = await cluster.get(ns, name);
      const inst = w?.status?.instances?.find((i) => i.state === 'Running' && (revision === undefined || Number(i.revision) === revision));
      return inst && w ? { w, inst } : undefined;
    }, 60_000);

  /** Opens files until the probe's counter for our comm reaches at least `atLeast`. */
  const countReaches = async (workload: string, atLeast: number, instance?: string) =>
    cluster.until(`${workload} counts ${atLeast} opens of ${comm}`, async () => {
      const v = await scraped(workload, instance);
      if (v !== undefined && v >= atLeast) return v;
      openFiles();
      await sleep(300);
      return undefined;
    }, 30_000);

  it('counts the openat() calls of a test process; the count is on the agent\'s /metrics and in `mosaic probe output`', async () => {
    await cluster.apply(probeWorkload(ns, 'opens', { program: { bpftrace: countOpensOf(comm) } }));
    const { inst } = await running('opens');
    assert.equal(inst.node, 'bpf-a');
    assert.ok(reportedProgramIds(inst.message).length > 0, `the instance reports its program ids: ${inst.message}`);

    // Before the test process runs, nothing of our comm is counted.
    assert.equal(await scraped('opens'), undefined);
    for (let i = 0; i < 3; i++) openFiles();
    // Three runs of cat on 7 files: at least 21 openat() calls (its libraries add a few).
    const count = await cluster.until('the count on /metrics', async () => {
      const v = await scraped('opens');
      return v !== undefined && v >= 3 * files.length && v;
    }, 15_000);
    const text = await metricsText();
    assert.match(text, /^# TYPE mosaic_probe_opens_total counter$/m);
    assert.match(text, new RegExp(`^mosaic_agent_instances\\{node="bpf-a",runtime="ebpf",state="Running"\\} [1-9]`, 'm'));
    assert.match(text, new RegExp(`mosaic_probe_opens_total\\{comm="${comm}",namespace="${ns}",workload="opens",instance="${inst.id}",node="bpf-a"\\} ${count}`));

    const outputs = JSON.parse(cli('probe', 'output', 'opens', '-n', ns, '-o', 'json')) as { instance: string; node: string; samples: { name: string; labels: Record<string, string>; value: number }[] }[];
    assert.deepEqual(outputs.map((o) => [o.node, o.instance]), [['bpf-a', inst.id]]);
    const sample = outputs[0]!.samples.find((s) => s.name === 'mosaic_probe_opens_total' && s.labels['comm'] === comm);
    assert.equal(sample?.value, count, 'probe output shows the same latest value');
    const table = cli('probe', 'output', 'opens', '-n', ns);
    assert.match(table, /^NODE\s+INSTANCE\s+METRIC\s+VALUE$/m);
    assert.match(table, new RegExp(`^bpf-a\\s+${inst.id}\\s+mosaic_probe_opens_total\\{comm="${comm}"\\}\\s+${count}$`, 'm'));

    // bpftrace's output is the instance log.
    assert.match(cli('logs', 'opens', '-n', ns), /"type": ?"map"|@opens/);
  });

  it('leaves a probe that needs a newer kernel unscheduled, saying so in its Scheduled condition', async () => {
    await cluster.apply(probeWorkload(ns, 'future', { program: { bpftrace: countOpensOf(comm) }, requires: { kernel: '>=99.0' } }));
    const c = await cluster.until('Scheduled=False', async () => {
      const got = (await cluster.get(ns, 'future'))?.status?.conditions?.find((x) => x.type === 'Scheduled');
      return got?.status === 'False' && got;
    });
    assert.equal(c.reason, 'Unschedulable');
    assert.equal(c.message, '0/1 nodes available: 1 did not satisfy the kernel version range.');
    assert.equal((await cluster.get(ns, 'future'))?.status?.instances?.length ?? 0, 0);
  });

  it('keeps the previous revision running and counting when a new revision fails verification', async () => {
    await cluster.apply(probeWorkload(ns, 'swap', { program: { bpftrace: countOpensOf(comm) } }));
    const { inst: old } = await running('swap', 1);
    const before = await countReaches('swap', files.length, old.id);

    // Revision 2 does not compile (an undefined function): bpftrace's dry run rejects it.
    await cluster.apply(probeWorkload(ns, 'swap', { program: { bpftrace: countOpensOf(comm, '\ninterval:s:1 { nosuchfunction(); }') } }));
    const failed = await cluster.until('revision 2 Failed', async () => {
      const w = await cluster.get(ns, 'swap');
      return w?.status?.instances?.find((i) => Number(i.revision) === 2 && i.state === 'Failed');
    }, 60_000);
    assert.match(failed.message ?? '', /nosuchfunction|Unknown function|VerificationFailed|verif/i);

    // A few resyncs later the old instance is still the one running, and still counting.
    await sleep(5000);
    const w = (await cluster.get(ns, 'swap'))!;
    const still = w.status!.instances!.find((i) => i.id === old.id);
    assert.equal(still?.state, 'Running', JSON.stringify(w.status?.instances));
    assert.equal(w.status!.instances!.filter((i) => i.state === 'Running').length, 1);
    const after = await countReaches('swap', before + files.length, old.id);
    assert.ok(after >= before + files.length);
    assert.notEqual(w.status?.phase, 'Running', `a failed update is not reported as a healthy rollout: ${w.status?.phase}`);
  });

  it('then swaps to a good revision with no moment unobserved: the old one goes only once the new one runs', async () => {
    const w1 = (await cluster.get(ns, 'swap'))!;
    const old = w1.status!.instances!.find((i) => i.state === 'Running')!;
    await cluster.apply(probeWorkload(ns, 'swap', { program: { bpftrace: countOpensOf(comm, '\n// revision 3') } }));
    // Sampled while it swaps: whenever the old instance is no longer Running, revision 3 is.
    let w: Workload | undefined;
    for (const deadline = Date.now() + 30_000; ; await sleep(50)) {
      assert.ok(Date.now() < deadline, `revision 3 did not replace revision 1: ${JSON.stringify(w?.status?.instances)}\n${cluster.logTail()}`);
      w = await cluster.get(ns, 'swap');
      const instances = w?.status?.instances ?? [];
      const oldRunning = instances.some((i) => i.id === old.id && i.state === 'Running');
      const newRunning = instances.some((i) => Number(i.revision) === 3 && i.state === 'Running');
      assert.ok(oldRunning || newRunning, `a moment with no probe attached: ${JSON.stringify(instances)}`);
      if (instances.length === 1 && newRunning) break;
    }
    const next = w!.status!.instances![0]!;
    await countReaches('swap', files.length, next.id);
    assert.equal(Number(next.revision), 3);
    assert.equal(await scraped('swap', old.id), undefined, 'the old instance is gone from /metrics');
  });

  it('leaves no program of Mosaic\'s in `bpftool prog list` once the workload is deleted', async () => {
    const baseline = new Set(programIds());
    await cluster.apply(probeWorkload(ns, 'gone', { program: { bpftrace: countOpensOf(comm) } }));
    const { inst } = await running('gone');
    const ours = reportedProgramIds(inst.message);
    assert.ok(ours.length > 0, inst.message);
    const loaded = new Set(programIds());
    for (const id of ours) {
      assert.ok(loaded.has(id), `program ${id} is loaded while the probe runs`);
      assert.ok(!baseline.has(id), `program ${id} is new`);
    }

    await cluster.delete(ns, 'gone');
    await cluster.until('workload gone', async () => !(await cluster.get(ns, 'gone')), 30_000);
    // The kernel frees programs a moment after their last reference goes.
    const left = await cluster.until('the probe\'s programs unloaded', () => {
      const now = new Set(programIds());
      return ours.every((id) => !now.has(id)) && now;
    }, 10_000);
    assert.deepEqual(ours.filter((id) => left.has(id)), []);
    assert.equal(await scraped('gone'), undefined, 'its metrics are gone from /metrics too');
  });

  it('loads and attaches a CO-RE object built from the repo\'s C source (tools/ebpf/build.sh), pinned under /sys/fs/bpf/mosaic', async () => {
    await cluster.apply(probeWorkload(ns, 'core', { program: { object: OPENAT_OBJECT, program: 'count_openat' }, requires: { btf: true } }));
    const { inst } = await running('core');
    const ids = reportedProgramIds(inst.message);
    assert.ok(ids.length > 0, inst.message);
    const loaded = new Set(programIds());
    for (const id of ids) assert.ok(loaded.has(id), `program ${id} is in bpftool prog list`);
    assert.ok(existsSync(join('/sys/fs/bpf/mosaic', inst.id)), 'pinned under its instance directory');
    await countReaches('core', files.length, inst.id);

    await cluster.delete(ns, 'core');
    await cluster.until('object unpinned and unloaded', () => {
      const now = new Set(programIds());
      return !existsSync(join('/sys/fs/bpf/mosaic', inst.id)) && ids.every((id) => !now.has(id));
    }, 30_000);
  });

  it('does not place probes on an agent that was not allowed to load BPF, and says why', async () => {
    await cluster.startAgent('plain-b', { zone: 'b' });
    await cluster.apply(probeWorkload(ns, 'on-b', { program: { bpftrace: countOpensOf(comm) } }, { nodeSelector: { zone: 'b' } }));
    const c = await cluster.until('Scheduled=False', async () => {
      const got = (await cluster.get(ns, 'on-b'))?.status?.conditions?.find((x) => x.type === 'Scheduled');
      return got?.status === 'False' && got;
    });
    assert.equal(c.message, '0/2 nodes available: 1 did not match nodeSelector, 1 did not support the runtime.');
  });

  it('rejects a probe workload that does not ask for the privilege', async () => {
    const w = probeWorkload(ns, 'unasked', { program: { bpftrace: countOpensOf(comm) } });
    Reflect.deleteProperty(w.spec?.ebpf ?? {}, 'privileged');
    await assert.rejects(cluster.apply(w), (err: { code?: number; details?: string }) => {
      assert.equal(err.code, 3); // INVALID_ARGUMENT
      assert.match(err.details ?? '', /spec\.ebpf\.privileged/);
      return true;
    });
  });
});
