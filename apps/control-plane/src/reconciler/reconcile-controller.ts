import {
  ConflictError,
  INSTANCE_KIND,
  INSTANCE_STOP_FINALIZER,
  NODE_KIND,
  REVISION_KIND,
  WORKLOAD_INSTANCES_FINALIZER,
  WORKLOAD_KIND,
  WORKLOAD_LABEL,
  type InstanceObject,
  type NodeObject,
  type RevisionObject,
  type Workload,
  type WorkloadStatus,
} from '@mosaic/api';
import { reconcileRollout, type RolloutDecision } from '@mosaic/rollout';
import { createScheduler, type Scheduler } from '@mosaic/scheduler';
import type { Store } from '@mosaic/store';
import type { Logger } from 'pino';
import { canonicalEqual } from '../workloads/canonical-equal.js';
import { planRevision } from '../revisions/plan-revision.js';
import { measureCanary } from '../rollouts/canary-measurements.js';
import { buildRolloutInput, countRevisions } from '../rollouts/rollout-input.js';
import { feasibleNodes } from './feasible-nodes.js';
import { pendingCommands, rolloutWakeId } from '../rollouts/rollout-status.js';
import { buildStatus } from './build-status.js';
import { newInstance } from './new-instance.js';
import { indexNodes, planReconcile } from './plan-reconcile.js';
import type { ReconcilePlan } from './reconcile-plan.js';
import type { ReconcileControllerOptions } from './reconciler-options.js';
import { deleteIfPresent, findObject, hasCode, updateObject, withFinalizer } from './store-helpers.js';

/** What one reconcile did (logged; asserted by tests). */
export interface ReconcileOutcome {
  key: string;
  /** The workload is gone (or was never there): only leftovers were cleaned up. */
  absent?: boolean;
  /** The workload's last instance is gone and its finalizer removed. */
  finalized?: boolean;
  created: string[];
  stopped: string[];
  released: string[];
  statusWritten: boolean;
}

const CONFLICT_ROUNDS = 3;
const NAME_DRAWS = 5;

/**
 * The thin, I/O half of the reconciler: reads the latest state of one workload (never trusting
 * the job that named it), lets the pure planner decide, and writes the decisions to the store.
 * Idempotent: running it twice in a row does nothing the second time.
 */
export class ReconcileController {
  private readonly scheduler: Scheduler = createScheduler();
  private readonly graceMs: number;
  private readonly historyLimit: number;
  private readonly now: () => Date;
  private readonly log: Logger;

  constructor(
    private readonly store: Store,
    private readonly options: ReconcileControllerOptions,
  ) {
    this.graceMs = options.nodeLostGraceMs ?? 60_000;
    this.historyLimit = options.revisionHistoryLimit ?? 10;
    this.now = options.now ?? (() => new Date());
    this.log = options.log;
  }

  /** The function autoscaler's desired instances per revision of a workload (see `useFunctionTargets`). */
  private functionTargets: ((key: string) => ReadonlyMap<number, number> | undefined) | undefined;

  /** Runtime `function` workloads follow `targets(key)` (the autoscaler's counts; undefined: keep as is). */
  useFunctionTargets(targets: (key: string) => ReadonlyMap<number, number> | undefined): void {
    this.functionTargets = targets;
  }

  private functionTargetsOf(key: string, workload: Workload): { functionTargets?: ReadonlyMap<number, number> } {
    const targets = workload.spec.runtime === 'function' ? this.functionTargets?.(key) : undefined;
    return targets ? { functionTargets: targets } : {};
  }

  /** Reconciles `namespace/name`. A lost optimistic-concurrency race is retried here at once. */
  async reconcile(key: string): Promise<ReconcileOutcome> {
    for (let round = 0; ; round++) {
      try {
        return await this.reconcileOnce(key);
      } catch (err) {
        if (!hasCode(err, 'ABORTED') || round + 1 >= CONFLICT_ROUNDS) throw err;
      }
    }
  }

  private async reconcileOnce(key: string): Promise<ReconcileOutcome> {
    const slash = key.indexOf('/');
    const namespace = key.slice(0, slash);
    const name = key.slice(slash + 1);
    const outcome: ReconcileOutcome = { key, created: [], stopped: [], released: [], statusWritten: false };

    const workload = await findObject<Workload>(this.store, WORKLOAD_KIND, namespace, name);
    const clusterInstances = (await this.store.list<InstanceObject>(INSTANCE_KIND)).items;
    const named = clusterInstances.filter((i) => i.metadata.namespace === namespace && i.spec.workload === name);
    const owned = named.filter((i) => i.spec.workloadUid === workload?.metadata.uid);
    // Instances of an earlier workload of the same name (deleted without its finalizer running).
    for (const orphan of named.filter((i) => !owned.includes(i) && !i.metadata.deletionTimestamp)) {
      if (await deleteIfPresent(this.store, orphan)) outcome.stopped.push(orphan.metadata.name);
    }
    if (!workload) return { ...outcome, absent: true };

    const nodes = (await this.store.list<NodeObject>(NODE_KIND)).items;
    const revisions = (await this.store.list<RevisionObject>(REVISION_KIND, { namespace, labelSelector: `${WORKLOAD_LABEL}=${name}` })).items;
    const deleting = Boolean(workload.metadata.deletionTimestamp);

    let current = workload;
    let revision: number;
    if (deleting) {
      revision = workload.status?.revision ?? 0;
    } else {
      current = (await this.ensureFinalizer(workload)) ?? workload;
      revision = await this.ensureRevision(current, revisions, owned);
    }

    const now = this.now().getTime();
    const rollout = deleting ? undefined : this.reconcileRollout(key, current, revision, owned, nodes, clusterInstances, now);
    const plan = planReconcile({
      workload: current, revision, instances: owned, nodes, clusterInstances,
      now, nodeLostGraceMs: this.graceMs, scheduler: this.scheduler,
      ...(rollout ? { rolloutTargets: rollout.targets } : {}),
      ...this.functionTargetsOf(key, current),
    });
    const after = await this.apply(current, revision, plan, owned, outcome, revisions);
    if (plan.requeueAt !== undefined) this.options.requeueAt?.(key, plan.requeueAt);
    if (rollout?.requeueAfter !== undefined) {
      const at = now + rollout.requeueAfter;
      this.options.requeueAt?.(key, at);
      this.options.wakeAt?.(key, at, rolloutWakeId(key, rollout.state));
    }

    if (deleting && after.length === 0) {
      await Promise.all(revisions.map((r) => deleteIfPresent(this.store, r)));
      await updateObject<Workload>(this.store, WORKLOAD_KIND, namespace, name, (w) => withFinalizer(w, WORKLOAD_INSTANCES_FINALIZER, false));
      this.log.info({ workload: key }, 'workload finalized: every instance is gone');
      return { ...outcome, finalized: true };
    }

    const status = buildStatus({
      workload: current, revision, instances: after, nodes: indexNodes(nodes), plan,
      now: this.now(), nodeLostGraceMs: this.graceMs,
      ...(rollout ? { rollout: rollout.state, rolloutCommands: pendingCommands(current.status?.rolloutCommands, rollout.state.commandSeq) } : {}),
    });
    outcome.statusWritten = await this.writeStatus(current, status);
    return outcome;
  }

  /** The rollout machine for this reconcile: pure, from the stored state, the instances and commands. */
  private reconcileRollout(key: string, workload: Workload, revision: number, owned: InstanceObject[], nodes: NodeObject[], clusterInstances: InstanceObject[], now: number): RolloutDecision {
    const nodeMap = indexNodes(nodes);
    const { namespace, name } = workload.metadata;
    const stored = workload.status?.rollout;
    const measurements = measureCanary({
      namespace, name, runtime: workload.spec.runtime,
      canaryRevision: stored && stored.canaryRevision !== stored.stableRevision ? stored.canaryRevision : revision,
      counts: countRevisions(owned, nodeMap),
      ...(this.options.functionStats?.() ? { functionStats: this.options.functionStats()! } : {}),
    });
    const feasible = workload.spec.placement.mode === 'everyNode' ? feasibleNodes(workload, nodes, clusterInstances, this.scheduler) : undefined;
    const decision = reconcileRollout(buildRolloutInput({
      workload, revision, instances: owned, nodes: nodeMap, now, measurements, ...(feasible ? { feasibleNodes: feasible } : {}),
    }));
    for (const e of decision.events) this.log.info({ workload: key, reason: e.reason, revision: e.revision }, e.message);
    return decision;
  }

  /** Adds the instances finalizer before the first instance exists, so a delete waits for them. */
  private async ensureFinalizer(workload: Workload): Promise<Workload | undefined> {
    if (workload.metadata.finalizers?.includes(WORKLOAD_INSTANCES_FINALIZER)) return workload;
    const added = withFinalizer(workload, WORKLOAD_INSTANCES_FINALIZER, true)!;
    // The read version is the precondition: a concurrent apply makes this fail (and the reconcile
    // start over) instead of being overwritten with the spec read here.
    return (await this.store.update(added)).object;
  }

  private async ensureRevision(workload: Workload, revisions: RevisionObject[], instances: InstanceObject[]): Promise<number> {
    // The stable revision of a rollout is in use even when none of its instances runs: an abort restores it.
    const stable = workload.status?.rollout?.stableRevision;
    const inUse = new Set([...instances.map((i) => i.spec.revision), ...(stable !== undefined ? [stable] : [])]);
    const plan = planRevision({ workload, revisions, inUse, historyLimit: this.historyLimit, now: this.now() });
    if (plan.create) {
      try {
        await this.store.create(plan.create);
        this.log.info({ workload: `${workload.metadata.namespace}/${workload.metadata.name}`, revision: plan.revision, changeCause: plan.create.spec.changeCause }, 'new revision');
      } catch (err) {
        // Someone made it meanwhile (another control plane on the same store): start over.
        if (hasCode(err, 'ALREADY_EXISTS')) throw new ConflictError(`revision ${plan.revision} of ${workload.metadata.name} was created concurrently`, { cause: err });
        throw err;
      }
    }
    await Promise.all(plan.prune.map((r) => deleteIfPresent(this.store, r)));
    return plan.revision;
  }

  /** Applies the plan; returns the workload's instances as they are afterwards. */
  private async apply(workload: Workload, revision: number, plan: ReconcilePlan, owned: InstanceObject[], outcome: ReconcileOutcome, revisions: RevisionObject[] = []): Promise<InstanceObject[]> {
    const byName = new Map(owned.map((i) => [i.metadata.name, i]));
    await Promise.all(plan.lost.map(async (instance) => {
      await this.release(instance);
      byName.delete(instance.metadata.name);
      outcome.released.push(instance.metadata.name);
    }));
    await Promise.all(plan.stop.map(async ({ instance }) => {
      const terminating = await deleteIfPresent(this.store, instance);
      if (terminating) byName.set(instance.metadata.name, terminating);
      else byName.delete(instance.metadata.name);
      outcome.stopped.push(instance.metadata.name);
    }));
    const created = await Promise.all(plan.place.map((node) => this.createInstance(workload, revision, node)));
    // Other revisions (a rollout restoring its stable one) run their own revision's spec.
    for (const { node, revision: other } of plan.placeRevisions ?? []) {
      const template = revisions.find((r) => r.spec.revision === other)?.spec.template;
      if (template) created.push(await this.createInstance({ ...workload, spec: template }, other, node));
    }
    for (const instance of created) {
      byName.set(instance.metadata.name, instance);
      outcome.created.push(instance.metadata.name);
    }
    if (plan.lost.length || plan.stop.length || created.length) {
      this.log.info({
        workload: `${workload.metadata.namespace}/${workload.metadata.name}`, revision,
        placed: created.map((i) => `${i.metadata.name}@${i.spec.node}`),
        stopped: plan.stop.map((s) => `${s.instance.metadata.name}(${s.reason})`),
        lost: outcome.released,
      }, 'reconciled');
    }
    return [...byName.values()];
  }

  /** A lost instance's agent cannot confirm a stop: delete it and drop the stop finalizer ourselves. */
  private async release(instance: InstanceObject): Promise<void> {
    const { namespace, name } = instance.metadata;
    if (!instance.metadata.deletionTimestamp && !(await deleteIfPresent(this.store, instance))) return;
    await updateObject<InstanceObject>(this.store, INSTANCE_KIND, namespace, name, (i) =>
      i.metadata.uid === instance.metadata.uid ? withFinalizer(i, INSTANCE_STOP_FINALIZER, false) : undefined);
  }

  private async createInstance(workload: Workload, revision: number, node: string): Promise<InstanceObject> {
    for (let draw = 1; ; draw++) {
      try {
        return await this.store.create(newInstance(workload, revision, node));
      } catch (err) {
        if (!hasCode(err, 'ALREADY_EXISTS') || draw >= NAME_DRAWS) throw err;
      }
    }
  }

  private async writeStatus(workload: Workload, status: WorkloadStatus): Promise<boolean> {
    if (canonicalEqual(workload.status, status)) return false;
    const { namespace, name, uid, resourceVersion } = workload.metadata;
    try {
      // The version read is the precondition: an operator command recorded meanwhile makes this
      // fail (ABORTED) and the reconcile start over, instead of being overwritten.
      const { changed } = await this.store.updateStatus<Workload>(WORKLOAD_KIND, namespace, name, status, { ...(uid ? { uid } : {}), ...(resourceVersion ? { resourceVersion } : {}) });
      return changed;
    } catch (err) {
      if (hasCode(err, 'NOT_FOUND')) return false; // deleted meanwhile: its own events follow
      throw err;
    }
  }
}
