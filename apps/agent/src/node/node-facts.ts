import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, endianness, release, totalmem } from 'node:os';
import { listRuntimes, type RuntimeAvailability } from '@mosaic/runtime';
import { mapArch, tracefsMounted } from './node-facts-parsing.js';

/** What the agent tells the control plane about its machine. */
export interface NodeFacts {
  arch: string;
  kernelVersion: string;
  btf: boolean;
  canLoadBpf: boolean;
  capacity: { cpuMillis: number; memoryBytes: number };
  /** Every registered driver's probe. */
  runtimes: (RuntimeAvailability & { name: string })[];
}

export interface NodeFactsOptions {
  allowBpf: boolean;
  capacity?: { cpuMillis?: number; memoryBytes?: number };
}

/**
 * Looks at this machine: architecture, kernel (`uname -r`, which is `os.release()`), BTF,
 * whether eBPF may be loaded, capacity, and which registered runtimes pass their probe.
 */
export async function gatherNodeFacts(options: NodeFactsOptions): Promise<NodeFacts> {
  const runtimes = await Promise.all(listRuntimes().map(async (r) => ({ name: r.name, ...(await r.probe()) })));
  return {
    arch: mapArch(process.arch, endianness()),
    kernelVersion: release(),
    btf: existsSync('/sys/kernel/btf/vmlinux'),
    canLoadBpf: options.allowBpf && process.getuid?.() === 0 && tracefsMounted(readProcMounts()),
    capacity: {
      cpuMillis: options.capacity?.cpuMillis ?? availableParallelism() * 1000,
      memoryBytes: options.capacity?.memoryBytes ?? totalmem(),
    },
    runtimes,
  };
}

function readProcMounts(): string {
  try {
    return readFileSync('/proc/mounts', 'utf8');
  } catch {
    return '';
  }
}
