import { execFile } from 'node:child_process';
import type { MapDumpEntry } from './map-dump-metrics.js';

function bpftoolJson<T>(bpftool: string, args: string[], timeoutMs = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    execFile(bpftool, ['-j', ...args], { timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024, env: {} }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`bpftool ${args.join(' ')}: ${stderr.trim() || err.message}`));
      try {
        resolve(JSON.parse(stdout) as T);
      } catch (parseError) {
        reject(parseError instanceof Error ? parseError : new Error(String(parseError)));
      }
    });
  });
}

/** `bpftool map dump pinned PATH -j`. */
export function dumpPinnedMap(bpftool: string, path: string): Promise<MapDumpEntry[]> {
  return bpftoolJson<MapDumpEntry[]>(bpftool, ['map', 'dump', 'pinned', path]);
}

/** `bpftool prog show pinned PATH -j`: the program's id, or undefined when the pin is gone. */
export async function pinnedProgramId(bpftool: string, path: string): Promise<number | undefined> {
  try {
    const prog = await bpftoolJson<{ id?: number }>(bpftool, ['prog', 'show', 'pinned', path]);
    return typeof prog.id === 'number' ? prog.id : undefined;
  } catch {
    return undefined;
  }
}

/** Ids of every program loaded in the kernel (`bpftool prog show -j`). */
export async function listProgramIds(bpftool: string): Promise<number[]> {
  const progs = await bpftoolJson<{ id: number }[]>(bpftool, ['prog', 'show']);
  return progs.map((p) => p.id).sort((a, b) => a - b);
}

/**
 * `bpftool prog show pinned PATH -j` → `run_cnt`: how often the program ran since it was
 * loaded while `kernel.bpf_stats_enabled` was on (bpftool omits the field while it is 0).
 * @throws Error when the pin is gone or bpftool fails.
 */
export async function pinnedProgramRunCount(bpftool: string, path: string): Promise<number> {
  const prog = await bpftoolJson<{ run_cnt?: number }>(bpftool, ['prog', 'show', 'pinned', path]);
  return typeof prog.run_cnt === 'number' ? prog.run_cnt : 0;
}
