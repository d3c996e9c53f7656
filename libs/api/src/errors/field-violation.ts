/** One problem with one field of a submitted object. */
export interface FieldViolation {
  /** Dotted path of the field, e.g. `spec.service.ports[0].port`. */
  path: string;
  /** What is wrong, phrased so the operator knows what to change. */
  message: string;
  /** Where the field sits in the source document, when it came from YAML. */
  source?: { file?: string; line: number; column: number };
}

/** Renders a violation the way kubectl and compilers do: `file:line:col: path: message`. */
export function formatViolation(v: FieldViolation): string {
  const where = v.source ? `${v.source.file ?? '<stdin>'}:${v.source.line}:${v.source.column}: ` : '';
  const path = v.path ? `${v.path}: ` : '';
  return `${where}${path}${v.message}`;
}
