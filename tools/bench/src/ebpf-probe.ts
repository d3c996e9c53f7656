// eBPF probes on this machine's kernel (root, bpftrace, bpftool, tools/ebpf/build.sh):
// - verify+load+attach time per probe: a bpftrace script (dry run, launch, all probes
//   attached) and a CO-RE object (verifier load, attach, pin) — start() until Running;
// - hot-swap gap: time with no revision attached while a revision replaces another through
//   swapProbe() (new attaches before the old detaches, so 0 is expected), with the overlap,
//   and for comparison the gap of a naive stop-then-start;
// - per-event overhead: a child doing 200,000 openat()+close() of /dev/null, timed without a
//   probe and with each probe (counting opens per comm) in the same run, alternating, median of
//   the rounds; overhead per traced event = (with − without) / opens.
//
// One JSON line per figure.
//   sudo npx tsx tools/bench/src/ebpf-probe.ts [--runs 5] [--opens 200000] [--rounds 3]
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { WorkloadSpec } from '@mosaic/api';
import type { InstanceHandle, InstanceSpec, RuntimeContext } from '@mosaic/runtime';
import { EbpfRuntime, swapProbe } from '@mosaic/runtime-ebpf';
import { emit, percentile, repoRoot, round } from './_support.js';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    opens: { type: 'string', default: '200000' },
    rounds: { type: 'string', default: '3' },
  },
});
const RUNS = Number(args.runs);
const OPENS = Number(args.opens);
const ROUNDS = Number(args.rounds);
const BENCH = 'ebpf-probe';

const SCRIPT = 'tracepoint:syscalls:sys_enter_openat { @opens[comm] = count(); }';
const ATTACH = { type: 'tracepoint', target: 'syscalls:sys_enter_openat' };
const OBJECT = join(repoRoot, 'examples/ebpf/build/openat-counter.bpf.o');

const root = mkdtempSync(join(tmpdir(), 'mosaic-bench-ebpf-'));
let seq = 0;
function instance(program: Record<string, string>, name = `bench${++seq}`, revision = 1): InstanceSpec {
  const spec = { runtime: 'ebpf', replicas: 1, ebpf: { program, attach: ATTACH, limits: { maxMapEntries: 10240, maxEventsPerSecond: 10000 } } } as unknown as WorkloadSpec;
  return { id: `${name}-${revision}-b${++seq}`, workloadKey: `bench/${name}`, namespace: 'bench', name, revision, spec };
}
const ctx = (id: string): RuntimeContext => ({ instanceDir: join(root, 'instances', id), logDir: join(root, 'logs'), baseDir: repoRoot, node: { name: 'bench' } });
const bpftrace = { bpftrace: SCRIPT };
const object = { object: OBJECT, program: 'count_openat' };

async function untilRunning(handle: InstanceHandle, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (handle.state !== 'Running') {
    if (handle.state === 'Failed' || Date.now() > deadline) throw new Error(`probe ${handle.id} did not attach: ${handle.state} ${handle.reason ?? ''} ${handle.message ?? ''}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** start() until Running, in ms, `RUNS` times. */
async function attachTimes(runtime: EbpfRuntime, program: Record<string, string>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const spec = instance(program);
    const t0 = performance.now();
    const handle = await runtime.start(spec, ctx(spec.id));
    await untilRunning(handle);
    times.push(performance.now() - t0);
    await handle.stop(2000);
  }
  return times;
}

function emitSample(figure: string, sample: number[], extra: Record<string, string | number> = {}): void {
  emit({ bench: BENCH, figure, value: round(percentile(sample, 50), 2), unit: 'ms', p90: round(percentile(sample, 90), 2), runs: sample.length, ...extra });
}

/** A child doing `OPENS` openat()+close() of /dev/null; its own timing of the loop, in ms. */
function openLoop(): Promise<number> {
  const code = `const fs=require('fs');const n=${OPENS};for(let i=0;i<2000;i++)fs.closeSync(fs.openSync('/dev/null','r'));` +
    `const t=process.hrtime.bigint();for(let i=0;i<n;i++)fs.closeSync(fs.openSync('/dev/null','r'));` +
    `process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6));`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (c) => (c === 0 ? resolve(Number(out)) : reject(new Error(`open loop exited ${c}`))));
  });
}

async function main(): Promise<void> {
  execFileSync('bash', [join(repoRoot, 'tools/ebpf/build.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
  const runtime = new EbpfRuntime({ allowBpf: true, printIntervalMs: 1000, outputPollMs: 20 });
  const availability = await runtime.probe();
  if (!availability.available) {
    process.stderr.write(`ebpf-probe: skipped, the ebpf runtime is unavailable here: ${availability.reason}: ${availability.message}\n`);
    return;
  }
  const env = { kernel: availability.details?.['kernel'] ?? '', bpftrace: availability.details?.['bpftrace'] ?? '' };

  // --- verify + load + attach -------------------------------------------------------------
  emitSample('bpftrace_verify_load_attach_ms', await attachTimes(runtime, bpftrace), env);
  emitSample('object_verify_load_attach_ms', await attachTimes(runtime, object), env);

  // --- hot swap ---------------------------------------------------------------------------
  for (const [form, program] of [['bpftrace', bpftrace], ['object', object]] as const) {
    const gaps: number[] = [];
    const overlaps: number[] = [];
    const totals: number[] = [];
    const naive: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const name = `swap${form}${i}`;
      const first = instance(program, name, 1);
      let current = await runtime.start(first, ctx(first.id));
      await untilRunning(current);
      const next = instance(program, name, 2);
      const result = await swapProbe(runtime, current, next, ctx(next.id));
      if (result.outcome !== 'swapped') throw new Error(`swap failed: ${result.reason}: ${result.message}`);
      gaps.push(result.gapMs);
      overlaps.push(result.overlapMs);
      totals.push(result.timings.totalMs);
      current = result.handle;
      // Naive: detach the old one first, then start the new one.
      const third = instance(program, name, 3);
      const t0 = performance.now();
      await current.stop(2000);
      const replacement = await runtime.start(third, ctx(third.id));
      await untilRunning(replacement);
      naive.push(performance.now() - t0);
      await replacement.stop(2000);
    }
    emitSample(`${form}_hot_swap_gap_ms`, gaps);
    emitSample(`${form}_hot_swap_overlap_ms`, overlaps);
    emitSample(`${form}_hot_swap_total_ms`, totals);
    emitSample(`${form}_stop_then_start_gap_ms`, naive);
  }

  // --- per-event overhead -----------------------------------------------------------------
  const samples: Record<'none' | 'bpftrace' | 'object', number[]> = { none: [], bpftrace: [], object: [] };
  for (let round_ = 0; round_ < ROUNDS; round_++) {
    samples.none.push(await openLoop());
    for (const [form, program] of [['bpftrace', bpftrace], ['object', object]] as const) {
      const spec = instance(program);
      const handle = await runtime.start(spec, ctx(spec.id));
      await untilRunning(handle);
      samples[form].push(await openLoop());
      await handle.stop(2000);
    }
  }
  samples.none.push(await openLoop());
  const base = percentile(samples.none, 50);
  // The machine may be shared: the load average says how much to trust small differences.
  const load = round(loadavg()[0]!, 2);
  emit({ bench: BENCH, figure: 'openat_loop_without_probe_ms', value: round(base, 1), unit: 'ms', opens: OPENS, rounds: samples.none.length, loadavg1: load });
  for (const form of ['bpftrace', 'object'] as const) {
    const withProbe = percentile(samples[form], 50);
    emit({ bench: BENCH, figure: `openat_loop_with_${form}_probe_ms`, value: round(withProbe, 1), unit: 'ms', opens: OPENS, rounds: samples[form].length, loadavg1: load });
    emit({ bench: BENCH, figure: `${form}_overhead_per_event_ns`, value: round(((withProbe - base) * 1e6) / OPENS, 1), unit: 'ns', opens: OPENS, loadavg1: load });
  }
}

main()
  .catch((err: unknown) => {
    process.stderr.write(`ebpf-probe: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exitCode = 1;
  })
  .finally(() => rmSync(root, { recursive: true, force: true }));
