import type { ObjectMeta } from '@mosaic/api';

/** `workload/<namespace>/<name>`: how every command names a workload in its output. */
export function workloadRef(meta: Pick<ObjectMeta, 'namespace' | 'name'>): string {
  return `workload/${meta.namespace}/${meta.name}`;
}
