/**
 * Renders any spec section as indented `Label:  value` lines, the way `kubectl describe`
 * reads. It is generic on purpose: the runtime sections (service, function, ebpf, wasm, and
 * any added later) are described from their data, with no per-runtime code here.
 */

/** Fields whose keys are user data (env names, label keys): shown as `key=value`, never re-cased. */
const MAP_FIELDS = new Set(['env', 'labels', 'annotations', 'nodeSelector']);
/** Argument vectors read best the way a shell shows them. */
const ARGV_FIELDS = new Set(['command', 'args']);

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isScalar = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);

function isEmpty(v: unknown): boolean {
  if (v === undefined || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  return isPlainObject(v) && Object.values(v).every(isEmpty);
}

/** `nodeSelector` → `Node Selector`, `sha256` → `Sha256`. */
export function humanize(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** An object on one line: `name=http port=8080`, nested keys dotted (`pause.seconds=300`). */
export function inline(value: unknown, prefix = ''): string {
  if (!isPlainObject(value)) return prefix ? `${prefix}=${scalarText(value)}` : scalarText(value);
  return Object.entries(value)
    .filter(([, v]) => !isEmpty(v))
    .map(([k, v]) => (isPlainObject(v) ? inline(v, `${prefix}${k}.`) : `${prefix}${k}=${scalarText(v)}`))
    .join(' ');
}

function scalarText(v: unknown): string {
  if (Array.isArray(v)) return v.every(isScalar) ? v.map(String).join(',') : JSON.stringify(v);
  if (isPlainObject(v)) return JSON.stringify(v);
  return String(v);
}

/** The lines describing `obj`, indented by `depth` levels; labels in one block share a column. */
export function describeFields(obj: Record<string, unknown>, depth = 0): string[] {
  const pad = '  '.repeat(depth);
  const entries = Object.entries(obj).filter(([, v]) => !isEmpty(v));
  const width = Math.max(0, ...entries.map(([k]) => humanize(k).length + 1));
  const out: string[] = [];
  for (const [key, value] of entries) {
    const label = `${humanize(key)}:`;
    if (MAP_FIELDS.has(key) && isPlainObject(value)) {
      const pairs = Object.entries(value).map(([k, v]) => `${k}=${scalarText(v)}`);
      out.push(`${pad}${label.padEnd(width)}  ${pairs[0] ?? ''}`, ...pairs.slice(1).map((p) => `${pad}${' '.repeat(width)}  ${p}`));
    } else if (ARGV_FIELDS.has(key) && Array.isArray(value)) {
      out.push(`${pad}${label.padEnd(width)}  ${value.map((a) => (/[\s'"]/.test(String(a)) ? JSON.stringify(a) : String(a))).join(' ')}`);
    } else if (isScalar(value) || (Array.isArray(value) && value.every(isScalar))) {
      out.push(`${pad}${label.padEnd(width)}  ${scalarText(value)}`);
    } else if (Array.isArray(value)) {
      out.push(`${pad}${label}`, ...value.map((item, i) => `${pad}  ${i + 1}. ${inline(item)}`));
    } else {
      out.push(`${pad}${label}`, ...describeFields(value as Record<string, unknown>, depth + 1));
    }
  }
  return out;
}
