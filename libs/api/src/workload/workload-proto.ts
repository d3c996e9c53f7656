import type { pb } from '@mosaic/proto';
import type { StoredObject } from '../resource/object-meta.js';
import type { Workload } from './workload-types.js';

/**
 * The thin edge between the wire and the domain. Field names already match (proto-loader
 * camel-cases the .proto's snake_case), so only the int64 fields need converting: they
 * arrive as decimal strings and the domain uses numbers.
 */

const INT64_PATHS: readonly (readonly string[])[] = [
  ['metadata', 'generation'],
  ['status', 'observedGeneration'],
  ['status', 'revision'],
  ['status', 'rollout', 'stableRevision'],
  ['status', 'rollout', 'canaryRevision'],
  ['status', 'rollout', 'commandSeq'],
];

function convertInt64(obj: Record<string, unknown>): void {
  for (const path of INT64_PATHS) {
    let parent: Record<string, unknown> | undefined = obj;
    for (const key of path.slice(0, -1)) parent = parent?.[key] as Record<string, unknown> | undefined;
    const leaf = path[path.length - 1]!;
    if (parent && typeof parent[leaf] === 'string') parent[leaf] = Number(parent[leaf]);
  }
  const instances = (obj['status'] as { instances?: Record<string, unknown>[] } | undefined)?.instances;
  for (const inst of instances ?? []) if (typeof inst['revision'] === 'string') inst['revision'] = Number(inst['revision']);
  const events = (obj['status'] as { rollout?: { events?: Record<string, unknown>[] } } | undefined)?.rollout?.events;
  for (const e of events ?? []) if (typeof e['revision'] === 'string') e['revision'] = Number(e['revision']);
}

/**
 * A received proto Workload as a plain object, ready for `validateWorkload`. Not validated:
 * the result is `unknown` on purpose.
 */
export function workloadFromProto(message: pb.Workload__Output | null | undefined): unknown {
  if (!message) return undefined;
  const plain = JSON.parse(JSON.stringify(message)) as Record<string, unknown>;
  convertInt64(plain);
  return plain;
}

/** A stored Workload as a proto message (int64 fields accept numbers). */
export function workloadToProto(workload: Workload | StoredObject): pb.Workload {
  return workload as unknown as pb.Workload;
}

/** A received Workload that the server has already validated (SDK side): trusted, converted. */
export function workloadFromServer(message: pb.Workload__Output): Workload {
  return workloadFromProto(message) as Workload;
}
