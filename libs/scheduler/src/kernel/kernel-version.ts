/**
 * Kernel versions as numbers. `uname -r` strings carry distribution suffixes
 * (`6.1.0-18-amd64`, `5.15.0-91-generic`, `6.6.30+rpt-rpi-v8`, `6.9.0-rc1`); only the leading
 * `major[.minor[.patch]]` matters for what a kernel can load, so that is all that is read.
 * A release candidate counts as its release: `6.9.0-rc1` has 6.9's BPF features.
 */

/** Each component must stay below this to fit one exact number. */
const PART_LIMIT = 100_000;

/** A `major.minor.patch` as one number that orders like the version: major·10¹⁰ + minor·10⁵ + patch. */
export type VersionKey = number;

export function versionKey(major: number, minor: number, patch: number): VersionKey {
  return (major * PART_LIMIT + minor) * PART_LIMIT + patch;
}

const LEADING_VERSION = /^\s*v?(\d{1,5})(?:\.(\d{1,5}))?(?:\.(\d{1,5}))?(?!\d)/;

/**
 * The {@link VersionKey} of a kernel release string, or `undefined` when it does not start with
 * a version. Missing components are 0: `6.8` is 6.8.0.
 *
 * @example parseKernelVersion('6.1.0-18-amd64') === versionKey(6, 1, 0)
 */
export function parseKernelVersion(release: string): VersionKey | undefined {
  const m = LEADING_VERSION.exec(release);
  if (!m) return undefined;
  return versionKey(Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0));
}

/** `major.minor.patch` of a key, for messages. */
export function formatVersionKey(key: VersionKey): string {
  const patch = key % PART_LIMIT;
  const minor = Math.floor(key / PART_LIMIT) % PART_LIMIT;
  const major = Math.floor(key / (PART_LIMIT * PART_LIMIT));
  return `${major}.${minor}.${patch}`;
}
