import { API_VERSION, REVISION_KIND, WORKLOAD_LABEL, type RevisionObject, type Workload } from '@mosaic/api';
import { specHash } from './spec-hash.js';

/** Annotation whose value becomes the new revision's change cause (`kubectl … --record` style). */
export const CHANGE_CAUSE_ANNOTATION = 'mosaic.dev/change-cause';
/** Change cause of a revision made without the annotation. */
export const DEFAULT_CHANGE_CAUSE = 'apply';

export interface RevisionInput {
  workload: Workload;
  /** Revisions labelled with the workload's name, including any left by a deleted namesake. */
  revisions: readonly RevisionObject[];
  /** Revision numbers some instance still runs: never pruned. */
  inUse: ReadonlySet<number>;
  /** Old revisions kept for history (rollback) besides the current one and those in use. */
  historyLimit: number;
  now: Date;
}

export interface RevisionPlan {
  /** The revision the workload's spec maps to: what new instances run and `status.revision`. */
  revision: number;
  /** The spec's hash. */
  specHash: string;
  /** To create first, when no revision of this workload has the spec's hash. */
  create?: RevisionObject;
  /** Beyond the history limit and unused, or left by a deleted namesake (another uid). */
  prune: RevisionObject[];
}

/** `<workload>-<n>`: the last `-` separates the number, so names of different workloads never collide. */
export function revisionName(workload: string, revision: number): string {
  return `${workload}-${revision}`;
}

/**
 * Maps the spec to a revision. A spec whose hash an existing revision of this workload has
 * reuses it (the newest such, so re-applying an earlier spec — an undo — rolls back to the
 * instances that may still run it instead of minting a copy); any other spec gets the next
 * number, one above every revision ever seen for the name and `status.revision`. Pure.
 */
export function planRevision(input: RevisionInput): RevisionPlan {
  const { workload } = input;
  const uid = workload.metadata.uid;
  const hash = specHash(workload.spec);
  const own = input.revisions.filter((r) => r.spec.workloadUid === uid);
  const stale = input.revisions.filter((r) => r.spec.workloadUid !== uid);
  const match = own.filter((r) => r.spec.specHash === hash).sort((a, b) => b.spec.revision - a.spec.revision)[0];

  let revision: number;
  let create: RevisionObject | undefined;
  if (match) {
    revision = match.spec.revision;
  } else {
    revision = Math.max(0, workload.status?.revision ?? 0, ...input.revisions.map((r) => r.spec.revision)) + 1;
    create = newRevision(workload, revision, hash, input.now);
  }

  const keep = own
    .filter((r) => r.spec.revision !== revision && !input.inUse.has(r.spec.revision))
    .sort((a, b) => b.spec.revision - a.spec.revision);
  const prune = [...stale, ...keep.slice(Math.max(0, input.historyLimit))];
  return { revision, specHash: hash, ...(create ? { create } : {}), prune };
}

function newRevision(workload: Workload, revision: number, hash: string, now: Date): RevisionObject {
  const { name, namespace, uid, annotations } = workload.metadata;
  return {
    apiVersion: API_VERSION,
    kind: REVISION_KIND,
    metadata: { name: revisionName(name, revision), namespace, labels: { [WORKLOAD_LABEL]: name } },
    spec: {
      workload: name,
      workloadUid: uid ?? '',
      revision,
      specHash: hash,
      template: workload.spec,
      changeCause: annotations?.[CHANGE_CAUSE_ANNOTATION] || DEFAULT_CHANGE_CAUSE,
      createdAt: now.toISOString(),
    },
  };
}
