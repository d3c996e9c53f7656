/**
 * Whether revision `a` is at or before `b`. Revisions are opaque to clients in general,
 * but Mosaic's are decimal store revisions, which lets a resumed watch drop anything the
 * server re-sends from before the resume point. Non-numeric input compares as "not before".
 */
export function isAtOrBefore(a: string, b: string): boolean {
  if (!/^\d+$/.test(a) || !/^\d+$/.test(b)) return false;
  return BigInt(a) <= BigInt(b);
}
