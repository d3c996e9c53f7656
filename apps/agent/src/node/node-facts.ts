import { existsSync } from 'node:fs';
import { availableParallelism, endianness, release, totalmem } from 'node:os';
import { listRuntimes, type RuntimeAvailability } from '@mosaic/runtime';
import { mapArch } from './node-facts-parsing.js';

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
  capacity?: { cpuMillis?: number; memoryBytes?: number };
}

/**
 * Looks at this machine: architecture, kernel (`uname -r`, which is `os.release()`), BTF,
 * whether eBPF may be loaded, capacity, and which registered runtimes pass their probe.
 *
 * `canLoadBpf` is the ebpf driver's verdict (allowed by the agent's configuration, root or
 * CAP_BPF+CAP_PERFMON, tracefs and bpffs mounted): the driver is the one that loads, so it is
 * the one to ask. A node that cannot load BPF never lists `ebpf` as available, whatever else
 * the probe said, so the scheduler's RuntimeAvailable filter explains the rejection.
 */
export async function gatherNodeFacts(options: NodeFactsOptions): Promise<NodeFacts> {
  const probed = await Promise.all(listRuntimes().map(async (r) => ({ name: r.name, ...(await r.probe()) })));
  const canLoadBpf = canLoadBpfOf(probed);
  const runtimes = withoutEbpfUnlessLoadable(probed, canLoadBpf);
  return {
    arch: mapArch(process.arch, endianness()),
    kernelVersion: release(),
    btf: existsSync('/sys/kernel/btf/vmlinux'),
    canLoadBpf,
    capacity: {
      cpuMillis: options.capacity?.cpuMillis ?? availableParallelism() * 1000,
      memoryBytes: options.capacity?.memoryBytes ?? totalmem(),
    },
    runtimes,
  };
}

const EBPF_RUNTIME = 'ebpf';

type ProbedRuntime = RuntimeAvailability & { name: string };

/** The probes, with `ebpf` marked unavailable (BpfNotLoadable) when the node cannot load BPF. */
export function withoutEbpfUnlessLoadable(runtimes: readonly ProbedRuntime[], canLoadBpf: boolean): ProbedRuntime[] {
  return runtimes.map((r) => (r.name === EBPF_RUNTIME && r.available && !canLoadBpf
    ? { ...r, available: false, reason: 'BpfNotLoadable', message: 'this agent cannot load eBPF programs (root or CAP_BPF+CAP_PERFMON, tracefs, bpffs, --allow-bpf)' }
    : r));
}

/** The ebpf driver's `details.canLoadBpf`; false without the driver. */
export function canLoadBpfOf(runtimes: readonly ProbedRuntime[]): boolean {
  return runtimes.find((r) => r.name === EBPF_RUNTIME)?.details?.['canLoadBpf'] === 'true';
}
