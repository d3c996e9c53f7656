import { canonicalJson } from '../internal/canonical-json.js';
import { fnv1a64 } from '../internal/fnv1a.js';
import type { CanaryStep } from './canary-step.js';

/**
 * A stable fingerprint of a normalised step list: FNV-1a (64 bits, 16 hex digits) over its
 * canonical JSON (sorted keys, defaults filled in by `normalizeSteps`). Spelling a default out
 * (`count: 3`) or reordering keys does not change it; any change to a weight, a pause, a metric,
 * a threshold or the order of steps does. It is stored in the rollout state so that a step list
 * edited in the middle of a rollout is noticed and restarts it deliberately (`StepsChanged`).
 *
 * Not cryptographic, and it need not be: it tells one workload's successive step lists apart.
 */
export function stepsHash(steps: readonly CanaryStep[]): string {
  return fnv1a64(canonicalJson(steps));
}
