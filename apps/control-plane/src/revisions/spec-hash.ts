import { createHash } from 'node:crypto';
import type { WorkloadSpec } from '@mosaic/api';

/**
 * The part of a spec that decides what an instance runs: everything except `replicas` and
 * `rollout`. Scaling changes how many run and rollout tuning how fast they are replaced;
 * neither is a new revision, so neither restarts anything (Nomad's count, Kubernetes' replicas
 * outside the pod template).
 */
export function revisionTemplate(spec: WorkloadSpec): Omit<WorkloadSpec, 'replicas' | 'rollout'> {
  const { replicas: _replicas, rollout: _rollout, ...template } = spec;
  return template;
}

/** sha256 (hex) of the canonical JSON (sorted keys) of the spec's revision template. */
export function specHash(spec: WorkloadSpec): string {
  return createHash('sha256').update(canonicalJson(revisionTemplate(spec))).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}
