import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InstanceState, WorkloadSpec } from '@mosaic/api';
import type { InstanceHandle, InstanceSpec, MetricFamily } from '@mosaic/runtime';
import { scratchArea, type ScratchArea } from '@mosaic/runtime-process/testing';

const here = fileURLToPath(new URL('.', import.meta.url));
export const repo = resolve(here, '../../..');
export const openatObject = resolve(repo, 'examples/ebpf/build/openat-counter.bpf.o');
export const xdpObject = resolve(repo, 'examples/ebpf/build/xdp-pass-counter.bpf.o');
export const fixtureObject = (name: string) => resolve(here, 'fixtures/build', `${name}.bpf.o`);

/** Builds the objects and the loader (a no-op when up to date) and mounts tracefs and bpffs if needed. */
export function prepareHost(): void {
  execFileSync('bash', [resolve(repo, 'tools/ebpf/build.sh')], { stdio: 'inherit' });
  if (!existsSync('/sys/kernel/tracing/events')) execFileSync('mount', ['-t', 'tracefs', 'nodev', '/sys/kernel/tracing']);
  if (!readFileSync('/proc/mounts', 'utf8').split('\n').some((l) => l.split(' ')[1] === '/sys/fs/bpf' && l.split(' ')[2] === 'bpf')) {
    execFileSync('mount', ['-t', 'bpf', 'bpf', '/sys/fs/bpf']);
  }
}

/** A scratch area per test (see scratchArea). */
export const scratch = (prefix = 'mosaic-ebpf-'): ScratchArea => scratchArea(prefix);

let seq = 0;
/** An ebpf instance with a unique id; the section gets the schema's limit defaults. */
export function ebpfInstance(section: Record<string, unknown>, name = `t${process.pid}-${++seq}`, revision = 1): InstanceSpec {
  const ebpf = { ...section, limits: { maxMapEntries: 10240, maxEventsPerSecond: 10000, ...(section['limits'] as object | undefined) } };
  const spec = { runtime: 'ebpf', replicas: 1, ebpf } as unknown as WorkloadSpec;
  return { id: `${name}-${revision}-x${seq}`, workloadKey: `test/${name}`, namespace: 'test', name, revision, spec };
}

export const openatScript = 'tracepoint:syscalls:sys_enter_openat { @opens[comm] = count(); }';
export const openatAttach = { type: 'tracepoint', target: 'syscalls:sys_enter_openat' };

/** Resolves when `predicate` holds, polling every 50 ms; rejects after `timeoutMs`. */
export async function until(predicate: () => boolean | Promise<boolean>, timeoutMs: number, what: string | (() => string)): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function untilState(handle: InstanceHandle, state: InstanceState, timeoutMs = 20_000): Promise<void> {
  return until(() => handle.state === state, timeoutMs, () => `state ${state} (now ${handle.state} ${handle.reason ?? ''}: ${handle.message ?? ''})`);
}

let commSeq = 0;
/**
 * Runs `/bin/sh` under a unique name (a symlink, so the kernel's `comm` is that name) and has
 * it open /dev/null `n` times; resolves to the name once it exited.
 */
export async function openFiles(n: number, dir: string): Promise<string> {
  const comm = `mq${process.pid % 10000}o${++commSeq}`.slice(0, 15);
  const link = join(dir, comm);
  if (!existsSync(link)) symlinkSync('/bin/sh', link);
  const child = spawn(link, ['-c', `i=0; while [ $i -lt ${n} ]; do exec 3</dev/null; i=$((i+1)); done`], { stdio: 'ignore' });
  await new Promise<void>((done, fail) => child.once('exit', (code) => (code === 0 ? done() : fail(new Error(`${comm} exited ${code}`)))));
  return comm;
}

/** The value of a counter/gauge sample with these labels, or undefined. */
export function sampleValue(families: readonly MetricFamily[], name: string, labels: Record<string, string>): number | undefined {
  const family = families.find((f) => f.name === name);
  if (!family || (family.type !== 'counter' && family.type !== 'gauge')) return undefined;
  const sample = family.samples.find((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return sample?.value;
}

/** Ids of the programs loaded in the kernel, per bpftool. */
export function programIds(): number[] {
  return (JSON.parse(execFileSync('bpftool', ['prog', 'show', '-j'], { encoding: 'utf8' })) as { id: number }[]).map((p) => p.id);
}

/** Program ids once the list stopped changing (programs detached a moment ago are freed lazily by the kernel). */
export async function stableProgramIds(): Promise<number[]> {
  let last = programIds().join(',');
  for (let i = 0; i < 40; i++) {
    await new Promise((r) => setTimeout(r, 150));
    const now = programIds().join(',');
    if (now === last) return programIds();
    last = now;
  }
  return programIds();
}
