import {
  dnsLabel,
  InvalidArgumentError,
  parseLabelSelector,
  RUNTIMES,
  type FieldViolation,
  type LabelSelector,
  type Workload,
} from '@mosaic/api';
import type { WorkloadQuery } from './workload-types.js';

/** A list/watch query checked and turned into what the store takes. */
export interface ParsedQuery {
  namespace?: string;
  labelSelector?: LabelSelector;
  filter?: (w: Workload) => boolean;
}

/**
 * Checks every request parameter at once, so a caller learns about all its mistakes in one
 * round trip (like Workload validation). `extra` lets callers add their own parameters' checks.
 * @throws InvalidArgumentError listing every bad parameter by its request field name.
 */
export function parseQuery(query: WorkloadQuery, extra: FieldViolation[] = []): ParsedQuery {
  const violations = [...extra];
  const out: ParsedQuery = {};
  if (query.namespace) {
    const ok = dnsLabel.safeParse(query.namespace);
    if (ok.success) out.namespace = query.namespace;
    else violations.push({ path: 'namespace', message: ok.error.issues[0]?.message ?? 'must be a DNS-1123 label' });
  }
  if (query.labelSelector) {
    try {
      out.labelSelector = parseLabelSelector(query.labelSelector);
    } catch (err) {
      if (!(err instanceof InvalidArgumentError)) throw err;
      violations.push(...err.violations);
    }
  }
  if (query.runtime) {
    const runtime = query.runtime;
    if ((RUNTIMES as string[]).includes(runtime)) out.filter = (w) => w.spec.runtime === runtime;
    else violations.push({ path: 'runtime', message: `unknown runtime "${runtime}"; one of ${RUNTIMES.join(', ')}` });
  }
  if (violations.length) throw new InvalidArgumentError('invalid request', violations);
  return out;
}

/** A revision given as a resourceVersion string, or a violation for `path`. */
export function parseRevision(value: string, path: string): number | FieldViolation {
  const n = /^\d{1,15}$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) ? n : { path, message: `must be a resourceVersion returned by the server (a decimal number), got "${value}"` };
}

