import { CliError } from '../errors/cli-error.js';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `--request-timeout` values: `500ms`, `10s`, `2m`, `1h`, or a bare number of seconds (as kubectl takes it). */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new CliError(`invalid duration "${text}": use e.g. 500ms, 10s, 2m`);
  const ms = Number(m[1]) * UNITS[m[2] ?? 's']!;
  if (ms <= 0) throw new CliError(`invalid duration "${text}": must be positive`);
  return Math.round(ms);
}
