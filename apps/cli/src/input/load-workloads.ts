import { InvalidArgumentError, parseWorkloadYaml, type FieldViolation, type WorkloadDocument } from '@mosaic/api';
import { parseAllDocuments } from 'yaml';
import type { Source } from './read-sources.js';

export interface NamespaceRule {
  /** `-n` as given: documents without a namespace get it, documents with another one are an error. */
  explicit?: string;
  /** The context's namespace (or `default`) for documents without one when no `-n` is given. */
  fallback: string;
}

export interface LoadResult {
  documents: WorkloadDocument[];
  /** Every problem in every source; non-empty means nothing may be sent. */
  violations: FieldViolation[];
}

/**
 * Parses and validates every document of every source before anything is sent:
 * all-or-nothing, like the API's own loader, but across files, and with every error
 * reported (not just the first file's).
 */
export function loadWorkloads(sources: readonly Source[], namespace: NamespaceRule): LoadResult {
  const documents: WorkloadDocument[] = [];
  const violations: FieldViolation[] = [];
  for (const source of sources) {
    let docs: WorkloadDocument[];
    try {
      docs = parseWorkloadYaml(source.text, source.name);
    } catch (err) {
      if (!(err instanceof InvalidArgumentError)) throw err;
      violations.push(...(err.violations.length ? err.violations : [{ path: '', message: err.message, source: { file: source.name, line: 1, column: 1 } }]));
      continue;
    }
    const written = writtenNamespaces(source.text);
    for (const doc of docs) {
      const own = written[doc.index];
      if (own === undefined) {
        doc.workload.metadata.namespace = namespace.explicit ?? namespace.fallback;
      } else if (namespace.explicit !== undefined && own !== namespace.explicit) {
        violations.push({
          path: 'metadata.namespace',
          message: `the document's namespace "${own}" does not match -n "${namespace.explicit}"`,
          source: { file: doc.file, line: doc.line, column: 1 },
        });
      }
    }
    documents.push(...docs);
  }
  return { documents, violations };
}

/**
 * The namespace each document states itself, by document index (undefined: none given).
 * Validation fills in `default`, which would hide the difference `-n` depends on, so the
 * (already validated) text is read once more for just this field.
 */
function writtenNamespaces(text: string): (string | undefined)[] {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) return [];
  return docs.map((d) => {
    const ns: unknown = d.getIn(['metadata', 'namespace']);
    return typeof ns === 'string' ? ns : undefined;
  });
}
