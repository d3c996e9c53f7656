/**
 * JSON with object keys sorted at every level, so two values that are equal as data have equal
 * text regardless of key order. Used to decide "did the spec change" and "did anything change";
 * the store keeps the caller's own key order for what it stores and returns.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, sortKeys) ?? 'undefined';
}

function sortKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const record = value as Record<string, unknown>;
  return Object.fromEntries(Object.keys(record).sort().map((k) => [k, record[k]]));
}

/** A deep copy through JSON: what the store keeps is exactly what a later read returns. */
export function jsonCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
