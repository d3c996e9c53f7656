import { createServer } from 'node:net';
import type { InstanceState, WorkloadSpec } from '@mosaic/api';
import type { InstanceEventName, InstanceEvents, InstanceHandle, InstanceSpec } from '@mosaic/runtime';
import { readProcStat } from '@mosaic/runtime-process';
import { scratchArea, type ScratchArea } from '@mosaic/runtime-process/testing';

/** A scratch area per test (see scratchArea). */
export const scratch = (prefix = 'mosaic-svc-'): ScratchArea => scratchArea(prefix);

let seq = 0;
/** An instance with a unique id; `section` is the runtime's part of the spec. */
export function instanceOf(runtime: 'service' | 'wasm', section: Record<string, unknown>): InstanceSpec {
  const name = `t${process.pid}-${++seq}`;
  const spec = { runtime, replicas: 1, [runtime]: section } as unknown as WorkloadSpec;
  return { id: `${name}-1-x`, workloadKey: `test/${name}`, namespace: 'test', name, revision: 1, spec };
}

/** A service section with the schema's defaults filled in. */
export function serviceSection(section: Record<string, unknown>): Record<string, unknown> {
  const health = section['health'] as Record<string, unknown> | undefined;
  return {
    restartPolicy: 'Always',
    ...section,
    ...(health ? { health: { periodSeconds: 1, timeoutSeconds: 1, failureThreshold: 3, initialDelaySeconds: 0, ...health } } : {}),
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
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

/** GET http://127.0.0.1:port/path → body, or undefined when nothing answers. */
export async function get(port: number, path = '/'): Promise<string | undefined> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(1000) });
    return await res.text();
  } catch {
    return undefined;
  }
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
