/** Capability numbers (linux/capability.h). */
export const CAP_SYS_ADMIN = 21;
export const CAP_PERFMON = 38;
export const CAP_BPF = 39;

/** The `CapEff:` mask of a `/proc/<pid>/status` text, or undefined when absent. */
export function parseCapEff(status: string): bigint | undefined {
  const m = /^CapEff:\s*([0-9a-fA-F]+)\s*$/m.exec(status);
  return m ? BigInt(`0x${m[1]}`) : undefined;
}

export function hasCapability(mask: bigint, cap: number): boolean {
  return (mask & (1n << BigInt(cap))) !== 0n;
}

/**
 * Whether a process may load and attach tracing BPF programs: CAP_BPF together with
 * CAP_PERFMON (Linux 5.8+), or CAP_SYS_ADMIN (which covers both, and older kernels). The
 * effective capabilities decide — root in a container that dropped them cannot load; only
 * when they are unknown does uid 0 count.
 */
export function canLoadBpfWith(uid: number | undefined, capEff: bigint | undefined): boolean {
  if (capEff === undefined) return uid === 0;
  return (hasCapability(capEff, CAP_BPF) && hasCapability(capEff, CAP_PERFMON)) || hasCapability(capEff, CAP_SYS_ADMIN);
}
