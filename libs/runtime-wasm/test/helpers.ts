import { readdirSync } from 'node:fs';
import type { InstanceState, WorkloadSpec } from '@mosaic/api';
import type { InstanceEventName, InstanceEvents, InstanceHandle, InstanceSpec } from '@mosaic/runtime';
import { readProcStat } from '@mosaic/runtime-process';
import { scratchArea, type ScratchArea } from '@mosaic/runtime-process/testing';

/** A scratch area per test (see scratchArea). */
export const scratch = (prefix = 'mosaic-wasm-'): ScratchArea => scratchArea(prefix);

let seq = 0;
/** An instance with a unique id; `section` is the runtime's part of the spec. */
export function instanceOf(runtime: 'service' | 'wasm', section: Record<string, unknown>): InstanceSpec {
  const name = `t${process.pid}-${++seq}`;
  const spec = { runtime, replicas: 1, [runtime]: section } as unknown as WorkloadSpec;
  return { id: `${name}-1-x`, workloadKey: `test/${name}`, namespace: 'test', name, revision: 1, spec };
}

/** Resolves when `predicate` holds, polling every 20 ms; rejects after `timeoutMs`. */
export async function until(predicate: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function untilState(handle: InstanceHandle, state: InstanceState, timeoutMs = 10_000): Promise<void> {
  return until(() => handle.state === state, timeoutMs, `state ${state} (now ${handle.state}: ${handle.message ?? ''})`);
}

export async function readAll(it: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const chunk of it) out += chunk;
  return out;
}

/** A live (non-zombie) process with this pid exists. */
export function isAlive(pid: number): boolean {
  const stat = readProcStat(pid);
  return stat !== undefined && stat.state !== 'Z';
}

/** The arguments of the next `event` of a handle. */
export function nextEvent<E extends InstanceEventName>(handle: InstanceHandle, event: E, timeoutMs: number): Promise<InstanceEvents[E]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no '${event}' event within ${timeoutMs} ms`)), timeoutMs);
    handle.once(event, (...args: InstanceEvents[E]) => {
      clearTimeout(timer);
      resolve(args);
    });
  });
}

/** Live processes whose parent chain leads to `pid` (the sandbox under a bwrap, say). */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProcStat(Number(entry));
    if (!stat || stat.state === 'Z') continue;
    children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat.pid]);
  }
  const out: number[] = [];
  const queue = [...(children.get(pid) ?? [])];
  while (queue.length) {
    const next = queue.shift()!;
    out.push(next);
    queue.push(...(children.get(next) ?? []));
  }
  return out;
}
