import { readFileSync, writeFileSync } from 'node:fs';

/** The kernel's switch for BPF program run statistics (`run_cnt`, `run_time_ns`). */
export const BPF_STATS_SYSCTL = '/proc/sys/kernel/bpf_stats_enabled';

/**
 * Turns on `kernel.bpf_stats_enabled` so the kernel counts every BPF program's runs
 * (`run_cnt`). It is a global toggle — it costs a little on every program run on the node —
 * and it is left on: other instances (and other tools) may rely on it, and Mosaic cannot tell
 * who else turned it on. Returns undefined when it is on, else why it could not be turned on.
 */
export function enableBpfStats(path = BPF_STATS_SYSCTL): string | undefined {
  try {
    if (readFileSync(path, 'utf8').trim() === '1') return undefined;
    writeFileSync(path, '1\n');
    return readFileSync(path, 'utf8').trim() === '1' ? undefined : `${path} did not stay 1`;
  } catch (err) {
    return `cannot enable ${path}: ${err instanceof Error ? err.message : String(err)}`;
  }
}
