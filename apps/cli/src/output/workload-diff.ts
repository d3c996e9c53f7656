import type { Workload } from '@mosaic/api';
import { createTwoFilesPatch } from 'diff';
import { stringify } from 'yaml';
import { workloadRef } from './workload-name.js';

/** Server-managed metadata that changes on every write: noise in a diff of intent. */
const VOLATILE_METADATA = ['resourceVersion', 'generation', 'uid', 'creationTimestamp', 'deletionTimestamp'] as const;

/** The workload as the operator's intent: no status, no server bookkeeping. */
export function withoutVolatileFields(w: Workload): Omit<Workload, 'status'> {
  const { status: _status, ...rest } = w;
  const metadata = { ...w.metadata };
  for (const key of VOLATILE_METADATA) delete metadata[key];
  return { ...rest, metadata };
}

/**
 * A unified diff from the live object (absent: not created yet) to what the server would
 * store, both rendered as YAML; empty when they agree. Paths look like kubectl's
 * LIVE/MERGED pair, named by the workload so several diffs concatenate readably.
 */
export function workloadDiff(live: Workload | undefined, merged: Workload): string {
  const before = live ? stringify(withoutVolatileFields(live)) : '';
  const after = stringify(withoutVolatileFields(merged));
  if (before === after) return '';
  const ref = workloadRef(merged.metadata);
  const patch = createTwoFilesPatch(`live/${ref}`, `merged/${ref}`, before, after, undefined, undefined, { context: 3 });
  return patch.replace(/^=+\n/, ''); // jsdiff's "Index"-style separator; diff -u prints none

}
