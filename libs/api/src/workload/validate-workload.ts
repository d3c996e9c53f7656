import type { z } from 'zod';
import type { FieldViolation } from '../errors/field-violation.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { formatFieldPath, type PathSegment } from './field-path.js';
import { runtimeSectionViolations, workloadSchema } from './workload-schema.js';
import type { Workload } from './workload-types.js';

/** Where a field sits in its source document; supplied by the YAML loader. */
export type SourceLocator = (path: readonly PathSegment[], opts?: { key?: boolean }) =>
  { file?: string; line: number; column: number } | undefined;

const withSource = (source: ReturnType<SourceLocator>) => (source ? { source } : {});

/** Turns zod issues into field violations, one per problem (one per unknown key). */
export function issuesToViolations(issues: readonly z.core.$ZodIssue[], input: unknown, locate?: SourceLocator): FieldViolation[] {
  const out: FieldViolation[] = [];
  const push = (path: PathSegment[], message: string, key = false) => {
    out.push({ path: formatFieldPath(path), message, ...withSource(locate?.(path, { key })) });
  };
  for (const issue of issues) {
    const path = issue.path.filter((p): p is PathSegment => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) push([...path, key], `unknown field "${key}"`, true);
    } else if (issue.code === 'invalid_key') {
      push(path, `invalid key: ${issue.issues.map((i) => i.message).join('; ')}`, true);
    } else if (issue.code === 'invalid_type' && valueAt(input, path) === undefined) {
      push(path, `required field is missing (expected ${issue.expected})`);
    } else {
      push(path, issue.message);
    }
  }
  return out;
}

function valueAt(input: unknown, path: readonly PathSegment[]): unknown {
  let v: unknown = input;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

function describe(input: unknown): string {
  const meta = (input as { metadata?: { name?: unknown; namespace?: unknown } } | null)?.metadata;
  if (typeof meta?.name !== 'string') return 'Workload';
  return `Workload "${typeof meta.namespace === 'string' ? meta.namespace : 'default'}/${meta.name}"`;
}

/**
 * Validates a client-supplied Workload strictly (unknown fields are errors, like kubectl's
 * strict field validation) and returns it with defaults filled in and `status` dropped.
 * @throws InvalidArgumentError listing every violation with its field path (and position, given a locator).
 */
export function validateWorkload(input: unknown, locate?: SourceLocator): Workload {
  const result = workloadSchema.safeParse(input);
  if (!result.success) {
    const violations = issuesToViolations(result.error.issues, input, locate);
    // zod skips cross-field rules once a field fails; the runtime-section rule is worth
    // reporting anyway, since a misplaced section is the most common mistake.
    const seen = new Set(violations.map((v) => v.path));
    for (const v of runtimeSectionViolations(valueAt(input, ['spec']))) {
      const path = formatFieldPath(['spec', ...v.path]);
      if (!seen.has(path)) violations.push({ path, message: v.message, ...withSource(locate?.(['spec', ...v.path])) });
    }
    throw new InvalidArgumentError(`${describe(input)} is invalid`, violations);
  }
  const { status: _ignored, ...workload } = result.data;
  return workload;
}
