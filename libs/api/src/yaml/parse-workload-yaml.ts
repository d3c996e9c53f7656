import { isScalar, LineCounter, parseAllDocuments } from 'yaml';
import type { FieldViolation } from '../errors/field-violation.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { isMosaicError } from '../errors/mosaic-error.js';
import { validateWorkload } from '../workload/validate-workload.js';
import type { Workload } from '../workload/workload-types.js';
import { yamlSourceLocator } from './source-locator.js';
import { YAML_LIMITS } from './yaml-limits.js';

/** One Workload read from a YAML stream, with where it came from. */
export interface WorkloadDocument {
  workload: Workload;
  /** File name (or `<stdin>`) and 0-based document index within it. */
  file: string;
  index: number;
  /** Line of the document's first node. */
  line: number;
}

/** The key text at an offset (the YAML parser reports only where a duplicate key starts). */
function keyAt(text: string, offset: number): string {
  const m = /^\s*("[^"\n]*"|'[^'\n]*'|[^:\n]+?)\s*:/.exec(text.slice(offset, offset + 300));
  return m?.[1]?.replace(/^["']|["']$/g, '') ?? '?';
}

/**
 * Parses a multi-document YAML stream into validated Workloads. All-or-nothing: every problem
 * in every document is collected (with file, line, column and field path) and thrown as one
 * InvalidArgumentError, so a caller never applies half a file.
 */
export function parseWorkloadYaml(text: string, file = '<stdin>'): WorkloadDocument[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, uniqueKeys: true, strict: true, prettyErrors: false });
  const violations: FieldViolation[] = [];
  const out: WorkloadDocument[] = [];
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  const docList = Array.isArray(docs) ? docs : [];
  for (const [index, doc] of docList.entries()) {
    const start = doc.range[0];
    const bytes = Buffer.byteLength(text.slice(start, doc.range[2]));
    if (bytes > YAML_LIMITS.maxDocumentBytes) {
      violations.push({ path: '', message: `document ${index} is ${bytes} bytes; the limit is ${YAML_LIMITS.maxDocumentBytes} (1 MiB)`, source: at(start) });
      continue;
    }
    if (doc.errors.length) {
      for (const e of doc.errors) {
        const message = e.message.split('\n')[0] ?? e.message;
        const detail = e.code === 'DUPLICATE_KEY' ? `duplicate key "${keyAt(text, e.pos[0])}": each key may appear once per mapping` : message;
        violations.push({ path: '', message: detail, source: at(e.pos[0]) });
      }
      continue;
    }
    if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) continue; // empty, e.g. a trailing `---`
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: YAML_LIMITS.maxAliasCount });
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      violations.push({ path: '', message: `document ${index} rejected: ${reason}`, source: at(start) });
      continue;
    }
    try {
      const workload = validateWorkload(value, yamlSourceLocator(doc, lineCounter, file));
      out.push({ workload, file, index, line: at(doc.contents.range[0]).line });
    } catch (err) {
      if (!(isMosaicError(err) && err instanceof InvalidArgumentError)) throw err;
      violations.push(...err.violations);
    }
  }
  if (violations.length) throw new InvalidArgumentError(`${file}: invalid`, violations);
  return out;
}
