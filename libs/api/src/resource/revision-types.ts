import type { WorkloadSpec } from '../workload/workload-types.js';
import type { StoredObject } from './object-meta.js';

/**
 * An immutable, numbered snapshot of a Workload's spec: created on every spec change,
 * never edited. Instances name the revision they run; rollouts and `undo` move between them.
 * Named `<workload>-<revision>` in the workload's namespace.
 */
export const REVISION_KIND = 'WorkloadRevision';

export interface RevisionSpec {
  workload: string;
  workloadUid: string;
  revision: number;
  /** sha256 of the canonical JSON of `template`: equal specs share a revision. */
  specHash: string;
  template: WorkloadSpec;
  /** Why it was made: the `mosaic.dev/change-cause` annotation, or "apply". */
  changeCause: string;
  createdAt: string;
}

export type RevisionObject = StoredObject<RevisionSpec, never> & { kind: typeof REVISION_KIND };
