import { versionKey, type VersionKey } from './kernel-version.js';

/**
 * A parsed version range: the half-open interval `[min, max)` of {@link VersionKey}s that
 * satisfy every comparator. Each comparator narrows it, so `>5.8 <6.2` is one interval.
 */
export interface VersionRange {
  /** As written. */
  readonly text: string;
  /** Smallest satisfying version. */
  readonly min: VersionKey;
  /** First version past the range (`Infinity` when unbounded). */
  readonly max: VersionKey;
}

// One comparator: an optional operator, then major[.minor[.patch]], then space or the end.
const COMPARATOR = /\s*(<=|>=|<|>|=|\^|~)?\s*(\d{1,5})(?:\.(\d{1,5}))?(?:\.(\d{1,5}))?(?=\s|$)/y;

/**
 * Parses a kernel version range in the npm semver notation, restricted to what kernels need:
 * comparators separated by spaces, all of which must hold. A partial version stands for every
 * version it names (semver's X-ranges), so:
 *
 * | range       | matches                          |
 * |-------------|----------------------------------|
 * | `>=5.8`     | 5.8.0 and later                  |
 * | `>5.8`      | 5.9.0 and later (5.8.x is 5.8)   |
 * | `>5.8.3`    | 5.8.4 and later                  |
 * | `<6.2`      | before 6.2.0                     |
 * | `<=6.1`     | before 6.2.0 (all of 6.1.x)      |
 * | `=6.1`, `6.1` | 6.1.0 up to, not including, 6.2.0 |
 * | `=6.1.3`    | exactly 6.1.3                    |
 * | `^5.10`     | 5.10.0 up to 6.0.0               |
 * | `~5.15`     | 5.15.0 up to 5.16.0              |
 * | `~5.15.3`   | 5.15.3 up to 5.16.0              |
 * | `>5.8 <6.2` | 5.9.0 up to 6.2.0                |
 *
 * Returns `undefined` when the text is not such a range. A contradictory range (`>6 <5`) parses
 * and matches nothing.
 */
export function parseVersionRange(text: string): VersionRange | undefined {
  let min = 0;
  let max = Infinity;
  let count = 0;
  COMPARATOR.lastIndex = 0;
  while (COMPARATOR.lastIndex < text.length) {
    const at = COMPARATOR.lastIndex;
    const m = COMPARATOR.exec(text);
    if (!m) {
      if (count > 0 && text.slice(at).trim() === '') break;
      return undefined;
    }
    count++;
    const [lo, hi] = comparatorBounds(m[1] ?? '=', Number(m[2]), m[3], m[4]);
    if (lo > min) min = lo;
    if (hi < max) max = hi;
  }
  return count === 0 ? undefined : { text, min, max };
}

/** Whether a version satisfies the range. */
export function versionInRange(range: VersionRange, version: VersionKey): boolean {
  return version >= range.min && version < range.max;
}

/** `[lo, hi)` for one comparator; `minorText`/`patchText` undefined when not written. */
function comparatorBounds(op: string, major: number, minorText: string | undefined, patchText: string | undefined): [number, number] {
  const minor = Number(minorText ?? 0);
  const patch = Number(patchText ?? 0);
  const lowest = versionKey(major, minor, patch);
  // The first version after everything the (possibly partial) version names.
  const pastNamed = patchText !== undefined ? lowest + 1
    : minorText !== undefined ? versionKey(major, minor + 1, 0)
    : versionKey(major + 1, 0, 0);
  switch (op) {
    case '>=': return [lowest, Infinity];
    case '>': return [pastNamed, Infinity];
    case '<': return [0, lowest];
    case '<=': return [0, pastNamed];
    case '~': return [lowest, minorText !== undefined ? versionKey(major, minor + 1, 0) : versionKey(major + 1, 0, 0)];
    case '^': return [lowest, caretLimit(major, minor, patch, minorText !== undefined, patchText !== undefined)];
    default: return [lowest, pastNamed]; // '=' or no operator
  }
}

/** `^` allows changes that do not modify the left-most non-zero component (semver). */
function caretLimit(major: number, minor: number, patch: number, hasMinor: boolean, hasPatch: boolean): number {
  if (major > 0 || !hasMinor) return versionKey(major + 1, 0, 0);
  if (minor > 0 || !hasPatch) return versionKey(0, minor + 1, 0);
  return versionKey(0, 0, patch + 1);
}
