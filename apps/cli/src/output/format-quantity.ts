/**
 * Quantities the way operators write them in specs, for the `mosaic nodes` columns: cpu in
 * cores when whole, else millicores (`2`, `1500m`); memory in the largest binary unit that
 * keeps one decimal at most (`64Mi`, `23.5Gi`), plain bytes below 1Ki.
 */
export function formatCpu(millis: number): string {
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}

const UNITS = ['Ki', 'Mi', 'Gi', 'Ti', 'Pi'] as const;

export function formatMemory(bytes: number): string {
  if (bytes < 1024) return String(bytes);
  let value = bytes;
  let unit = '';
  for (const u of UNITS) {
    if (value < 1024) break;
    value /= 1024;
    unit = u;
  }
  const rounded = Math.round(value * 10) / 10;
  return `${Number.isInteger(rounded) ? rounded : rounded.toFixed(1)}${unit}`;
}
