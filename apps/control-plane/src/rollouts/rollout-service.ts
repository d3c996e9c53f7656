import {
  API_VERSION,
  FailedPreconditionError,
  INSTANCE_KIND,
  InvalidArgumentError,
  NODE_KIND,
  NotFoundError,
  REVISION_KIND,
  WORKLOAD_KIND,
  WORKLOAD_LABEL,
  type InstanceObject,
  type NodeObject,
  type RevisionObject,
  type RolloutCommandKind,
  type RolloutStatus,
  type Workload,
  validateWorkload,
} from '@mosaic/api';
import { describeStep, normalizeSteps } from '@mosaic/rollout';
import type { Store } from '@mosaic/store';
import { revisionName } from '../revisions/plan-revision.js';
import { specHash } from '../revisions/spec-hash.js';
import { hasCode } from '../reconciler/store-helpers.js';
import { feasibleNodes } from '../reconciler/feasible-nodes.js';
import { previewRollout, type RolloutPreview } from './preview-rollout.js';
import { countRevisions } from './rollout-input.js';
import { nextCommandSeq } from './rollout-status.js';

/** Instances of one revision, for the live view. */
export interface RevisionCount {
  revision: number;
  live: number;
  ready: number;
  restarts: number;
  role: 'stable' | 'canary' | 'old';
}

/** What `mosaic rollout status` shows. */
export interface RolloutView {
  namespace: string;
  name: string;
  runtime: string;
  replicas: number;
  revision: number;
  resourceVersion: string;
  rollout?: RolloutStatus;
  revisions: RevisionCount[];
  steps: string[];
}

export interface HistoryEntry {
  revision: number;
  changeCause: string;
  createdAt: string;
  role: 'stable' | 'canary' | '';
}

export interface RolloutServiceOptions {
  /** Reconcile `namespace/name` soon (a command or a new revision was recorded). */
  enqueue?: (key: string) => void;
}

const WRITE_ROUNDS = 5;

/**
 * Rollout control for operators (`mosaic rollout …`, the SDK): reads a workload's rollout, records
 * commands on its status (`status.rolloutCommands`, with a seq the machine consumes once), and makes
 * the new revisions of `undo` and `restart`. Writes use the read version as a precondition and are
 * retried on a lost race; what a command does is up to the rollout machine on the next reconcile.
 */
export class RolloutService {
  constructor(private readonly store: Store, private readonly options: RolloutServiceOptions = {}) {}

  async get(namespace: string, name: string): Promise<RolloutView> {
    const workload = await this.workload(namespace, name);
    const instances = (await this.store.list<InstanceObject>(INSTANCE_KIND, { namespace, labelSelector: `${WORKLOAD_LABEL}=${name}` })).items
      .filter((i) => i.spec.workloadUid === workload.metadata.uid);
    const nodes = new Map((await this.store.list<NodeObject>(NODE_KIND)).items.map((n) => [n.metadata.name, n]));
    const rollout = workload.status?.rollout;
    const revisions: RevisionCount[] = countRevisions(instances, nodes).map((c) => ({
      revision: c.revision, live: c.live, ready: c.available, restarts: c.restarts ?? 0,
      role: c.revision === rollout?.stableRevision ? 'stable' : c.revision === rollout?.canaryRevision ? 'canary' : 'old',
    }));
    const spec = workload.spec.rollout;
    return {
      namespace, name,
      runtime: workload.spec.runtime,
      replicas: workload.spec.replicas,
      revision: workload.status?.revision ?? 0,
      resourceVersion: workload.metadata.resourceVersion ?? '',
      ...(rollout ? { rollout } : {}),
      revisions,
      steps: spec.strategy === 'canary' ? normalizeSteps(spec.steps).map((s) => describeStep(s)) : [],
    };
  }

  /** Records an operator command; FAILED_PRECONDITION when it makes no sense in the rollout's phase. */
  async command(namespace: string, name: string, kind: RolloutCommandKind, by?: string): Promise<{ seq: number; message: string }> {
    for (let round = 1; ; round++) {
      const workload = await this.workload(namespace, name);
      const rollout = workload.status?.rollout;
      refuseIfPointless(kind, rollout, name);
      const seq = nextCommandSeq(workload.status);
      const status = {
        ...workload.status,
        rolloutCommands: [...(workload.status?.rolloutCommands ?? []), { seq, kind, ...(rollout ? { revision: rollout.canaryRevision } : {}), ...(by ? { by } : {}) }],
      };
      try {
        await this.store.updateStatus<Workload>(WORKLOAD_KIND, namespace, name, status, {
          ...(workload.metadata.uid ? { uid: workload.metadata.uid } : {}),
          ...(workload.metadata.resourceVersion ? { resourceVersion: workload.metadata.resourceVersion } : {}),
        });
      } catch (err) {
        if (hasCode(err, 'ABORTED') && round < WRITE_ROUNDS) continue;
        throw err;
      }
      this.options.enqueue?.(`${namespace}/${name}`);
      return { seq, message: `${kind} recorded for ${name} (command ${seq})` };
    }
  }

  /**
   * Rolls revision `toRevision`'s spec out again as a NEW revision (cause `undo to revision N`):
   * the revision is made first, then the workload's spec set to its template (replicas and rollout
   * tuning kept), so the reconciler maps the spec to the newest matching revision — the new one.
   * `toRevision` 0: the revision before the current one.
   */
  async undo(namespace: string, name: string, toRevision: number): Promise<{ revision: number; message: string }> {
    if (!Number.isInteger(toRevision) || toRevision < 0) throw new InvalidArgumentError('invalid request', [{ path: 'to_revision', message: 'must be a revision number' }]);
    for (let round = 1; ; round++) {
      const workload = await this.workload(namespace, name);
      const revisions = await this.revisions(workload);
      const current = workload.status?.revision ?? 0;
      const target = toRevision === 0
        ? revisions.filter((r) => r.spec.revision < current).sort((a, b) => b.spec.revision - a.spec.revision)[0]
        : revisions.find((r) => r.spec.revision === toRevision);
      if (!target) {
        throw toRevision === 0
          ? new FailedPreconditionError(`${name} has no revision before ${current} to undo to`)
          : new NotFoundError(`revision ${toRevision} of ${name} not found (pruned, or never existed)`);
      }
      const n = target.spec.revision;
      try {
        const revision = await this.mintRevision(workload, revisions, target.spec.template, `undo to revision ${n}`);
        await this.store.update<Workload>({ ...workload, spec: { ...target.spec.template, replicas: workload.spec.replicas, rollout: workload.spec.rollout } });
        this.options.enqueue?.(`${namespace}/${name}`);
        return { revision, message: `${name} rolled back to revision ${n}'s spec as revision ${revision}` };
      } catch (err) {
        if ((hasCode(err, 'ABORTED') || hasCode(err, 'ALREADY_EXISTS')) && round < WRITE_ROUNDS) continue;
        throw err;
      }
    }
  }

  /** A new revision with the current spec (cause `restart`): every instance is replaced by the rollout. */
  async restart(namespace: string, name: string): Promise<{ revision: number; message: string }> {
    for (let round = 1; ; round++) {
      const workload = await this.workload(namespace, name);
      const revisions = await this.revisions(workload);
      try {
        const revision = await this.mintRevision(workload, revisions, workload.spec, 'restart');
        this.options.enqueue?.(`${namespace}/${name}`);
        return { revision, message: `${name} restarting as revision ${revision}` };
      } catch (err) {
        if (hasCode(err, 'ALREADY_EXISTS') && round < WRITE_ROUNDS) continue;
        throw err;
      }
    }
  }

  async history(namespace: string, name: string): Promise<HistoryEntry[]> {
    const workload = await this.workload(namespace, name);
    const rollout = workload.status?.rollout;
    return (await this.revisions(workload))
      .sort((a, b) => a.spec.revision - b.spec.revision)
      .map((r) => ({
        revision: r.spec.revision,
        changeCause: r.spec.changeCause,
        createdAt: r.spec.createdAt,
        role: r.spec.revision === rollout?.stableRevision ? 'stable' : r.spec.revision === rollout?.canaryRevision ? 'canary' : '',
      }));
  }

  /** What applying `input` would make the rollout do; writes nothing. @throws InvalidArgumentError */
  async preview(input: unknown): Promise<RolloutPreview> {
    const desired = validateWorkload(input);
    const { namespace, name } = desired.metadata;
    const stored = await this.store.get<Workload>(WORKLOAD_KIND, namespace, name).catch((err: unknown) => {
      if (hasCode(err, 'NOT_FOUND')) return undefined;
      throw err;
    });
    const revisions = stored ? await this.revisions(stored) : [];
    const nodes = desired.spec.placement.mode === 'everyNode' ? feasibleNodes(desired, (await this.store.list<NodeObject>(NODE_KIND)).items, (await this.store.list<InstanceObject>(INSTANCE_KIND)).items) : undefined;
    return previewRollout({ desired, stored, revisions, ...(nodes ? { nodes } : {}) });
  }

  private async workload(namespace: string, name: string): Promise<Workload> {
    if (!namespace || !name) throw new InvalidArgumentError('invalid request', [{ path: namespace ? 'name' : 'namespace', message: 'required' }]);
    return this.store.get<Workload>(WORKLOAD_KIND, namespace, name);
  }

  private async revisions(workload: Workload): Promise<RevisionObject[]> {
    const { namespace, name, uid } = workload.metadata;
    return (await this.store.list<RevisionObject>(REVISION_KIND, { namespace, labelSelector: `${WORKLOAD_LABEL}=${name}` })).items
      .filter((r) => r.spec.workloadUid === uid);
  }

  private async mintRevision(workload: Workload, revisions: readonly RevisionObject[], template: Workload['spec'], changeCause: string): Promise<number> {
    const { namespace, name, uid } = workload.metadata;
    const revision = Math.max(0, workload.status?.revision ?? 0, ...revisions.map((r) => r.spec.revision)) + 1;
    const object: RevisionObject = {
      apiVersion: API_VERSION,
      kind: REVISION_KIND,
      metadata: { name: revisionName(name, revision), namespace, labels: { [WORKLOAD_LABEL]: name } },
      spec: { workload: name, workloadUid: uid ?? '', revision, specHash: specHash(template), template, changeCause, createdAt: new Date().toISOString() },
    };
    await this.store.create(object);
    return revision;
  }
}

/** Commands that cannot do anything in the rollout's current phase are refused, with why. */
function refuseIfPointless(kind: RolloutCommandKind, r: RolloutStatus | undefined, name: string): void {
  const inProgress = r !== undefined && r.canaryRevision !== r.stableRevision;
  const active = inProgress && (r.phase === 'Progressing' || r.phase === 'Paused' || r.phase === 'Degraded');
  const why = (what: string) => new FailedPreconditionError(`cannot ${what} ${name}: ${r ? `its rollout is ${r.phase} (revision ${r.canaryRevision}, stable ${r.stableRevision})` : 'it has no rollout yet'}`);
  switch (kind) {
    case 'promote':
    case 'promoteFull':
      if (!active) throw why('promote');
      return;
    case 'pause':
      if (!active || r.operatorPause) throw why('pause');
      return;
    case 'resume':
      if (!active || !r.operatorPause) throw why('resume');
      return;
    case 'abort':
      if (!active) throw why('abort');
      return;
    case 'retry':
      if (!inProgress || (r.phase !== 'Aborted' && r.phase !== 'Degraded')) throw why('retry');
      return;
  }
}
