import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { SourceLocator } from '../workload/validate-workload.js';

/**
 * Maps a field path back to its line and column in a parsed YAML document, so a validation
 * error can point at the exact spot. Stops at the deepest node that exists (a missing field
 * is reported at its parent).
 */
export function yamlSourceLocator(doc: Document, lineCounter: LineCounter, file: string | undefined): SourceLocator {
  return (path, opts) => {
    let node: Node | null = doc.contents;
    let at: Node | null = node;
    for (let i = 0; i < path.length && node; i++) {
      if (isAlias(node)) node = node.resolve(doc) ?? null;
      const seg = path[i];
      let next: Node | null = null;
      if (isMap(node)) {
        const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(seg));
        if (pair) next = opts?.key && i === path.length - 1 && isScalar(pair.key) ? pair.key : (pair.value as Node | null) ?? (isScalar(pair.key) ? pair.key : null);
      } else if (isSeq(node) && typeof seg === 'number') {
        next = (node.items[seg] as Node | undefined) ?? null;
      }
      node = next;
      if (node) at = node;
    }
    const offset = at?.range?.[0];
    if (offset === undefined) return undefined;
    const { line, col } = lineCounter.linePos(offset);
    return file === undefined ? { line, column: col } : { file, line, column: col };
  };
}
