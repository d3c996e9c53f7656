import { InvalidArgumentError } from '@mosaic/api';

/**
 * Kubernetes resource quantities (`500m`, `4Gi`, `1.5`, `2e3`), parsed exactly.
 *
 * A quantity is `<sign><number><suffix>`: a decimal number, then either a binary
 * suffix (Ki = 2^10 … Ei = 2^60), a decimal SI suffix (n, u, m, "", k, M, G, T, P, E)
 * or a decimal exponent (`e3`, `E-2`). Arithmetic stays in BigInt so `0.1` cores is
 * exactly 100 millicores, and results round up like apimachinery's Value()/MilliValue().
 */

const BINARY_SUFFIX: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_SUFFIX: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?\d+))?$/;

/** A quantity as exact parts: value = sign × digits × 10^exp10 × 2^exp2. */
export interface QuantityParts {
  readonly negative: boolean;
  readonly digits: bigint;
  readonly exp10: number;
  readonly exp2: number;
}

export function parseQuantityParts(quantity: string): QuantityParts {
  const match = QUANTITY.exec(quantity.trim());
  if (match === null) {
    throw new InvalidArgumentError(`invalid Kubernetes quantity "${quantity}"`, [
      { path: '', message: `"${quantity}" is not a quantity like 500m, 2, 1.5Gi or 1e3` },
    ]);
  }
  const [, sign = '', number = '0', suffix, exponent] = match;
  const [whole = '', fraction = ''] = number.split('.');
  let exp10 = -fraction.length;
  let exp2 = 0;
  if (exponent !== undefined) exp10 += Number(exponent);
  else if (suffix !== undefined && suffix in BINARY_SUFFIX) exp2 = BINARY_SUFFIX[suffix] ?? 0;
  else exp10 += DECIMAL_SUFFIX[suffix ?? ''] ?? 0;
  return { negative: sign === '-', digits: BigInt(`${whole}${fraction}` || '0'), exp10, exp2 };
}

/**
 * `ceil(quantity × 10^scale10)` as a number: scale 0 gives bytes or whole units,
 * scale 3 gives millicores.
 */
export function quantityToInteger(quantity: string, scale10 = 0): number {
  const { negative, digits, exp10, exp2 } = parseQuantityParts(quantity);
  let numerator = digits * 2n ** BigInt(exp2);
  let denominator = 1n;
  const e = exp10 + scale10;
  if (e >= 0) numerator *= 10n ** BigInt(e);
  else denominator = 10n ** BigInt(-e);
  let result = numerator / denominator;
  // Round away from zero, as Value()/MilliValue() do.
  if (numerator % denominator !== 0n) result += 1n;
  return Number(negative ? -result : result);
}

/** The value in base units as a float (cores, bytes, pods). */
export function quantityToNumber(quantity: string): number {
  const { negative, digits, exp10, exp2 } = parseQuantityParts(quantity);
  const value = Number(digits) * 10 ** exp10 * 2 ** exp2;
  return negative ? -value : value;
}

/** CPU quantity → millicores: `500m` → 500, `2` → 2000. */
export function cpuToMillicores(quantity: string): number {
  return quantityToInteger(quantity, 3);
}

/** Memory/storage quantity → bytes: `4Gi` → 4294967296, `1k` → 1000. */
export function memoryToBytes(quantity: string): number {
  return quantityToInteger(quantity, 0);
}
