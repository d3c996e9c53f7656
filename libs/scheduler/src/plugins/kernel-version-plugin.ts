import { SKIP, proceed, type FilterPlugin } from '../framework/plugin.js';
import { REASON_KERNEL_UNKNOWN, REASON_KERNEL_VERSION, reasonInvalidKernelRange } from '../framework/reasons.js';
import { SUCCESS, unresolvable } from '../framework/status.js';
import { parseKernelVersion, type VersionKey } from '../kernel/kernel-version.js';
import { parseVersionRange, versionInRange, type VersionRange } from '../kernel/version-range.js';

const OUT_OF_RANGE = unresolvable(REASON_KERNEL_VERSION);
const UNKNOWN = unresolvable(REASON_KERNEL_UNKNOWN);

// Parsed `uname -r` strings. A cluster runs few distinct kernels, so this stays small; it is a
// memo of a pure function (it cannot change an answer) and is cleared if it ever grows large.
const parsedReleases = new Map<string, VersionKey | undefined>();
const MEMO_LIMIT = 4096;

function kernelOf(release: string): VersionKey | undefined {
  if (parsedReleases.has(release)) return parsedReleases.get(release);
  if (parsedReleases.size >= MEMO_LIMIT) parsedReleases.clear();
  const key = parseKernelVersion(release);
  parsedReleases.set(release, key);
  return key;
}

/** `ebpf.requires.kernel` (e.g. `>=5.8`) must hold for the node's kernel. */
export const kernelVersionPlugin: FilterPlugin<VersionRange> = {
  name: 'KernelVersion',
  scope: 'static',
  preFilter(ctx) {
    const text = ctx.spec.ebpf?.requires?.kernel;
    if (text === undefined) return SKIP;
    const range = parseVersionRange(text);
    return range === undefined ? unresolvable(reasonInvalidKernelRange(text)) : proceed(range);
  },
  filter(_ctx, { node }, range) {
    const version = kernelOf(node.kernelVersion);
    if (version === undefined) return UNKNOWN;
    return versionInRange(range, version) ? SUCCESS : OUT_OF_RANGE;
  },
};
