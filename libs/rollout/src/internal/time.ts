/**
 * Times in the rollout state are RFC 3339 strings (like every other status time in Mosaic),
 * while the machine computes in epoch milliseconds. `now` is always an input: nothing here
 * reads a clock.
 */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** Epoch milliseconds of an RFC 3339 time; a missing or unreadable time reads as `fallback`. */
export function timeMs(iso: string | undefined, fallback: number): number {
  if (iso === undefined) return fallback;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? fallback : ms;
}

/** `90_000` → `1m30s`; `30_000` → `30s`; `3_600_000` → `1h`. For messages. */
export function formatDuration(ms: number): string {
  let s = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const parts = [h ? `${h}h` : '', m ? `${m}m` : '', s || (!h && !m) ? `${s}s` : ''];
  return parts.join('');
}
