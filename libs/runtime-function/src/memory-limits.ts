/** Heap limits of one function host, derived from `resources.memory` and `concurrency`. */
export interface HostMemoryLimits {
  /** `--max-old-space-size` of the host's main thread (it only routes frames). */
  processOldSpaceMb: number;
  /** `resourceLimits` of every worker thread. */
  thread: { maxOldGenerationSizeMb: number; maxYoungGenerationSizeMb: number; stackSizeMb: number };
}

const MIB = 1024 * 1024;

/**
 * Splits an instance's memory between its host's threads: the main thread gets a quarter (at
 * least 16 MiB), the handler threads share three quarters evenly, each at least 8 MiB of old
 * generation plus a young generation of a quarter of that (2–16 MiB). Worked examples:
 * - 256Mi, concurrency 2 → main 64, each thread 96 old + 16 young;
 * - 128Mi, concurrency 10 → main 32, each thread 9 old + 2 young;
 * - 64Mi, concurrency 100 → main 16, each thread 8 old + 2 young (the floor wins: overcommitted).
 */
export function hostMemoryLimits(memoryBytes: number, concurrency: number): HostMemoryLimits {
  const totalMb = Math.max(1, Math.floor(memoryBytes / MIB));
  const old = Math.max(8, Math.floor((totalMb * 3) / 4 / Math.max(1, concurrency)));
  return {
    processOldSpaceMb: Math.max(16, Math.floor(totalMb / 4)),
    thread: { maxOldGenerationSizeMb: old, maxYoungGenerationSizeMb: Math.min(16, Math.max(2, Math.floor(old / 4))), stackSizeMb: 4 },
  };
}

/** A Wasm handler's linear memory cap: the thread's old-generation share, in 64 KiB pages. */
export function wasmPagesFor(limits: HostMemoryLimits): number {
  return limits.thread.maxOldGenerationSizeMb * 16;
}
