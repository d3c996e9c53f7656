import type { NodeObject, RevisionObject, Workload } from '@mosaic/api';
import { describeStep, nodeCanaryCount, normalizeSteps, orderNodes, splitReplicas } from '@mosaic/rollout';
import { specHash } from '../revisions/spec-hash.js';

/** What applying a changed workload would make the rollout do (`mosaic apply --dry-run=server`). */
export interface RolloutPreview {
  /** The revision the spec maps to. */
  revision: number;
  /** `new`: a new revision number; `reuse`: an existing revision has this spec; `current`: the running one. */
  revisionChange: 'new' | 'reuse' | 'current';
  /** The revision known good now (what an abort would restore). */
  stableRevision: number;
  strategy: 'rolling' | 'canary' | 'blueGreen';
  /** Per step, what it does: `setWeight 25: 1 of 4 instances on revision 3` / `… nodes probe-z`. */
  steps: string[];
  /** Probes: the matching nodes in rollout order. */
  nodeOrder?: string[];
  /** One line for people. */
  summary: string;
}

export interface PreviewInput {
  /** The workload as the apply would store it (validated, defaults filled in). */
  desired: Workload;
  /** The stored workload (its status says what runs); undefined for a create. */
  stored: Workload | undefined;
  /** The stored workload's revisions. */
  revisions: readonly RevisionObject[];
  /** Probes: the nodes the workload may run on. */
  nodes?: readonly NodeObject[];
}

/**
 * The rollout a changed spec would start, without starting it: which revision (new, or an
 * existing one reused — the newest with the same spec), the strategy, and per step how many
 * instances (or which nodes, for a probe, in `nodeOrderLabel` order) run the new revision. The
 * counts are each step's end state (`splitReplicas` with nothing running yet). Pure.
 */
export function previewRollout(input: PreviewInput): RolloutPreview {
  const { desired, stored } = input;
  const hash = specHash(desired.spec);
  const own = input.revisions.filter((r) => !stored?.metadata.uid || r.spec.workloadUid === stored.metadata.uid);
  const current = stored?.status?.revision;
  const match = own.filter((r) => r.spec.specHash === hash).sort((a, b) => b.spec.revision - a.spec.revision)[0];
  const revision = match?.spec.revision ?? Math.max(0, current ?? 0, ...own.map((r) => r.spec.revision)) + 1;
  const revisionChange = match ? (revision === current ? 'current' : 'reuse') : 'new';
  const stableRevision = stored?.status?.rollout?.stableRevision ?? current ?? revision;
  const spec = desired.spec.rollout;
  const nodeOrder = desired.spec.placement.mode === 'everyNode' && input.nodes ? orderNodes(input.nodes.map((n) => ({ name: n.metadata.name, ...(n.metadata.labels ? { labels: n.metadata.labels } : {}) })), spec.nodeOrderLabel) : undefined;

  const at = (weight: number): string => {
    if (nodeOrder) {
      const canary = nodeOrder.slice(0, nodeCanaryCount(nodeOrder.length, weight));
      return `${canary.length} of ${nodeOrder.length} nodes on revision ${revision}${canary.length ? ` (${canary.join(', ')})` : ''}`;
    }
    const split = splitReplicas(desired.spec.replicas, weight, { maxSurge: spec.maxSurge, maxUnavailable: spec.maxUnavailable, current: { stable: { live: 0, available: 0 }, canary: { live: 0, available: 0 }, old: { live: 0, available: 0 } } });
    return `${split.desiredCanary} of ${desired.spec.replicas} instances on revision ${revision}, ${split.desiredStable} on revision ${stableRevision}`;
  };
  let steps: string[];
  if (spec.strategy === 'canary') {
    steps = normalizeSteps(spec.steps).map((s, i) => `${i + 1}. ${describeStep(s)}${s.kind === 'setWeight' ? `: ${at(s.weight)}` : ''}`);
    steps.push(`${steps.length + 1}. promote to 100%: ${at(100)}`);
  } else if (spec.strategy === 'blueGreen') {
    steps = [`1. preview: a full set of revision ${revision} beside revision ${stableRevision}, no traffic`, `2. promote: traffic switched to revision ${revision}`];
  } else {
    steps = [`1. rolling update (maxSurge ${spec.maxSurge}, maxUnavailable ${spec.maxUnavailable}) to ${at(100)}`];
  }
  const what = revisionChange === 'new' ? `new revision ${revision}` : revisionChange === 'reuse' ? `revision ${revision} again (same spec)` : `revision ${revision} (unchanged: nothing to roll out)`;
  return {
    revision, revisionChange, stableRevision, strategy: spec.strategy,
    steps: revisionChange === 'current' || !stored ? [] : steps,
    ...(nodeOrder ? { nodeOrder } : {}),
    summary: stored ? `${what}, ${spec.strategy} from revision ${stableRevision}` : `${what}: the first revision, no rollout`,
  };
}
