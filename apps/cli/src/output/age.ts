/**
 * A duration the way kubectl's AGE column shows it: precise while young, coarser with
 * time (`45s`, `3m20s`, `2h15m`, `3d4h`, `400d`, `3y20d`). The thresholds are kubectl's
 * own (HumanDuration), so operators read both tools the same way.
 */
export function formatAge(since: string | undefined, now: Date): string {
  if (!since) return '<unknown>';
  const start = Date.parse(since);
  if (Number.isNaN(start)) return '<unknown>';
  return humanDuration(now.getTime() - start);
}

export function humanDuration(ms: number): string {
  if (ms < -1000) return '<invalid>';
  const s = Math.max(0, Math.floor(ms / 1000));
  const m = Math.floor(s / 60);
  const h = Math.floor(m / 60);
  const d = Math.floor(h / 24);
  if (s < 120) return `${s}s`;
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  if (h < 24 * 8) return h % 24 === 0 ? `${d}d` : `${d}d${h % 24}h`;
  if (h < 24 * 365 * 2) return `${d}d`;
  const y = Math.floor(d / 365);
  if (h < 24 * 365 * 8) return d % 365 === 0 ? `${y}y` : `${y}y${d % 365}d`;
  return `${y}y`;
}
