import type { EbpfSpec } from '@mosaic/api';
import { formatVersionKey, parseKernelVersion, parseVersionRange, versionInRange } from '@mosaic/scheduler';

/** The facts of this node that `ebpf.requires` is matched against. */
export interface KernelFacts {
  /** `uname -r`. */
  kernelRelease: string;
  /** /sys/kernel/btf/vmlinux exists. */
  btf: boolean;
}

/**
 * Why this node does not satisfy `requires`, or undefined when it does. The scheduler filters
 * on the same facts with the same range semantics (`@mosaic/scheduler`), so this only fires
 * when an instance reached a node it should not have (a stale node report, a manual
 * assignment); the driver refuses before loading anything.
 */
export function unmetRequirement(requires: EbpfSpec['requires'], facts: KernelFacts): string | undefined {
  if (requires?.kernel !== undefined) {
    const range = parseVersionRange(requires.kernel);
    const version = parseKernelVersion(facts.kernelRelease);
    if (!range) return `requires.kernel "${requires.kernel}" is not a version range`;
    if (version === undefined) return `cannot read a version from this node's kernel release "${facts.kernelRelease}"`;
    if (!versionInRange(range, version)) return `this node's kernel ${formatVersionKey(version)} (${facts.kernelRelease}) is not in requires.kernel "${requires.kernel}"`;
  }
  if (requires?.btf && !facts.btf) return 'requires.btf is set and this node has no BTF (/sys/kernel/btf/vmlinux)';
  return undefined;
}
