/**
 * Compares strings by Unicode code point, which is the byte order of their UTF-8 encodings —
 * the order SQLite's BINARY collation and etcd's byte-wise keys sort in. Plain `<` on JS strings
 * compares UTF-16 code units and disagrees for characters above U+FFFF versus U+E000–U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      // Move surrogates (D800–DFFF) above E000–FFFF, keeping both ranges' internal order.
      if (x >= 0xd800 && y >= 0xd800) {
        x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
        y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
      }
      return x - y;
    }
  }
  return a.length - b.length;
}

/** Orders object keys within a kind: by namespace, then name (the order of list results). */
export function compareObjectKeys(a: { namespace: string; name: string }, b: { namespace: string; name: string }): number {
  return compareCodePoints(a.namespace, b.namespace) || compareCodePoints(a.name, b.name);
}
