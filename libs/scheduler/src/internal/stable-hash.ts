// FNV-1a (32-bit) over UTF-16 code units, mixed with murmur3's fmix32 so that names that differ
// only in their last character still land far apart. Used to break score ties: stable across
// runs and platforms, and different per workload, so equal nodes are not all chosen in name
// order by every workload.

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a state after `text`, starting from `seed` (the offset basis by default). */
export function fnv1a(text: string, seed: number = FNV_OFFSET): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

/** The final avalanche step: every input bit affects every output bit. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The tie-break hash of a node for a workload: `fmix32(fnv1a(nodeName) ^ fmix32(fnv1a(workloadKey)))`.
 * Split this way so a node's half can be kept between calls. For one workload it is a
 * permutation of the node hashes; another workload permutes them differently.
 */
export function tieBreakHash(workloadKey: string, nodeName: string): number {
  return fmix32(fnv1a(nodeName) ^ fmix32(fnv1a(workloadKey)));
}
