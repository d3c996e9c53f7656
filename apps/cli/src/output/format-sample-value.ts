/** A sample value as Prometheus writes it: `+Inf`, `-Inf`, `NaN`, else the shortest decimal. */
export function formatSampleValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}
