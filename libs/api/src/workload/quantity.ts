/**
 * Resource quantities in the Kubernetes notation operators already write:
 * cpu as cores or millicores (`2`, `0.5`, `500m`), memory as bytes with an optional
 * binary or decimal suffix (`256Mi`, `1Gi`, `500M`, `1048576`).
 */
const CPU = /^(\d+(?:\.\d+)?)(m?)$/;
const MEMORY = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|Pi|k|K|M|G|T|P)?$/;

const MEMORY_FACTORS: Record<string, number> = {
  '': 1,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50,
  k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15,
};

/** Millicores of a cpu quantity, or undefined when it is not one. `500m` → 500, `2` → 2000. */
export function parseCpuMillis(quantity: string): number | undefined {
  const m = CPU.exec(quantity);
  if (!m) return undefined;
  const value = Number(m[1]);
  return Math.round(m[2] === 'm' ? value : value * 1000);
}

/** Bytes of a memory quantity, or undefined when it is not one. `256Mi` → 268435456. */
export function parseMemoryBytes(quantity: string): number | undefined {
  const m = MEMORY.exec(quantity);
  if (!m) return undefined;
  return Math.round(Number(m[1]) * (MEMORY_FACTORS[m[2] ?? ''] ?? 1));
}
