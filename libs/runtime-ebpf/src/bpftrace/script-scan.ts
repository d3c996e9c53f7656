/**
 * A lexical pass over a bpftrace script: just enough to find its maps (with their key
 * expressions and the aggregation assigned to them) and its `BEGIN` probe, skipping comments,
 * string literals and preprocessor lines. Not a parser: bpftrace itself verifies the script.
 */

/** What the script does with a map, as far as metrics care. */
export type MapKind = 'counter' | 'gauge' | 'histogram' | 'summary';

/** One map of a script (`@name`, or `@` for the unnamed one). */
export interface ScriptMap {
  /** Without the `@`; `''` for the unnamed map. */
  name: string;
  /** Label names derived from the key expressions of the first keyed use; undefined when never keyed. */
  keys?: string[];
  /** From the first assignment: count()/sum()/`++` → counter, hist()/lhist() → histogram, stats() → summary. */
  kind: MapKind;
  /** The aggregation function of the first assignment, for the HELP text. */
  aggregation?: string;
}

export interface ScriptScan {
  /** In order of first appearance. */
  maps: ScriptMap[];
  /** Index just after the `{` of the top-level BEGIN probe's block, when there is one. */
  beginBody?: number;
}

const IDENT = /[A-Za-z0-9_]/;
const AGGREGATIONS: Record<string, MapKind> = {
  count: 'counter', sum: 'counter', hist: 'histogram', lhist: 'histogram', stats: 'summary',
  avg: 'gauge', min: 'gauge', max: 'gauge',
};

/** Replaces comments, string contents and preprocessor lines by spaces, keeping offsets. */
export function maskScript(source: string): string {
  const out = source.split('');
  let i = 0;
  let lineStart = true;
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  while (i < source.length) {
    const c = source[i]!;
    if (lineStart && (c === '#')) {
      const end = source.indexOf('\n', i);
      const stop = end < 0 ? source.length : end;
      blank(i, stop);
      i = stop;
      continue;
    }
    if (c === '\n') {
      lineStart = true;
      i++;
      continue;
    }
    if (c !== ' ' && c !== '\t') lineStart = false;
    if (c === '/' && source[i + 1] === '/') {
      const end = source.indexOf('\n', i);
      const stop = end < 0 ? source.length : end;
      blank(i, stop);
      i = stop;
    } else if (c === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end < 0 ? source.length : end + 2;
      blank(i, stop);
      i = stop;
    } else if (c === '"') {
      let k = i + 1;
      while (k < source.length && source[k] !== '"') k += source[k] === '\\' ? 2 : 1;
      blank(i + 1, Math.min(k, source.length)); // keep the quotes, blank the contents
      i = k + 1;
    } else {
      i++;
    }
  }
  return out.join('');
}

/** The index of the bracket closing the one at `open` (same kind), or -1. */
function matching(text: string, open: number): number {
  const pairs: Record<string, string> = { '[': ']', '(': ')', '{': '}' };
  const stack: string[] = [];
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (c in pairs) stack.push(pairs[c]!);
    else if (c === stack[stack.length - 1]) {
      stack.pop();
      if (stack.length === 0) return i;
    }
  }
  return -1;
}

/** Splits at commas outside brackets. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim());
}

/**
 * A Prometheus label name for a key expression: `comm` → comm, `args->filename` and
 * `args.filename` → filename, `str(args->filename)` → filename, `$fd` → fd; anything else
 * → `key<i>`. Names are made unique and never `le` or `__…`.
 */
export function labelNames(expressions: readonly string[]): string[] {
  const used = new Set<string>();
  return expressions.map((expr, i) => {
    let name = labelFor(expr.replace(/\s+/g, '')) ?? `key${i}`;
    if (name === 'le' || name.startsWith('__')) name = `key_${name.replace(/^_+/, '')}`;
    let unique = name;
    for (let n = 2; used.has(unique); n++) unique = `${name}_${n}`;
    used.add(unique);
    return unique;
  });
}

function labelFor(expr: string): string | undefined {
  const plain = /^\$?([A-Za-z_]\w*)$/.exec(expr);
  if (plain) return plain[1];
  const field = /(?:->|\.)([A-Za-z_]\w*)$/.exec(expr);
  if (field) return field[1];
  const call = /^[A-Za-z_]\w*\((.*)\)$/.exec(expr);
  if (call) return labelFor(splitTopLevel(call[1]!)[0] ?? '');
  return undefined;
}

/** Finds maps and the top-level BEGIN probe. */
export function scanScript(source: string): ScriptScan {
  const text = maskScript(source);
  const maps = new Map<string, ScriptMap>();
  let depth = 0;
  let beginBody: number | undefined;
  let pendingBegin = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '{') {
      if (depth === 0 && pendingBegin && beginBody === undefined) beginBody = i + 1;
      pendingBegin = false;
      depth++;
      continue;
    }
    if (c === '}') {
      depth = Math.max(0, depth - 1);
      continue;
    }
    if (depth === 0 && text.startsWith('BEGIN', i) && !IDENT.test(text[i - 1] ?? ' ') && !IDENT.test(text[i + 5] ?? ' ')) {
      pendingBegin = true;
      i += 4;
      continue;
    }
    if (c !== '@') continue;
    let end = i + 1;
    while (end < text.length && IDENT.test(text[end]!)) end++;
    const name = text.slice(i + 1, end);
    let map = maps.get(name);
    if (!map) {
      map = { name, kind: 'gauge' };
      maps.set(name, map);
    }
    let at = end;
    while (text[at] === ' ' || text[at] === '\t') at++;
    if (text[at] === '[') {
      const close = matching(text, at);
      if (close > at) {
        // Key expressions come from the original (masking blanked string literals).
        if (map.keys === undefined) map.keys = labelNames(splitTopLevel(source.slice(at + 1, close)));
        at = close + 1;
        while (text[at] === ' ' || text[at] === '\t') at++;
      }
    }
    if (map.aggregation !== undefined) {
      i = end - 1;
      continue;
    }
    if (text.startsWith('++', at) || text.startsWith('+=', at)) {
      map.kind = 'counter';
      map.aggregation = text.slice(at, at + 2);
    } else if (text[at] === '=' && text[at + 1] !== '=') {
      const rhs = /^\s*([A-Za-z_]\w*)\s*\(/.exec(text.slice(at + 1, at + 64));
      const fn = rhs?.[1];
      if (fn && fn in AGGREGATIONS) {
        map.kind = AGGREGATIONS[fn]!;
        map.aggregation = `${fn}()`;
      } else {
        map.aggregation = 'assignment';
      }
    }
    i = end - 1;
  }
  return { maps: [...maps.values()], ...(beginBody !== undefined ? { beginBody } : {}) };
}
