import type { Condition, InstanceObject, RolloutCommandStatus, RolloutStatus, InstanceStatus, NodeObject, Workload, WorkloadPhase, WorkloadStatus } from '@mosaic/api';
import { ConditionReason as R, ConditionType as T, draft, mergeConditions, type ConditionDraft } from './conditions.js';
import { classifyInstances, instanceState, isAvailable, isCrashLooping, CRASH_LOOP_CONDITION, type InstanceBuckets } from './instance-buckets.js';
import type { ReconcilePlan } from './reconcile-plan.js';

export interface StatusInput {
  workload: Workload;
  revision: number;
  /** The workload's instances after the plan was applied (created ones in, lost ones out). */
  instances: readonly InstanceObject[];
  nodes: ReadonlyMap<string, NodeObject>;
  plan: ReconcilePlan;
  now: Date;
  nodeLostGraceMs: number;
  /** The rollout controller's new state (absent: the stored one is kept). */
  rollout?: RolloutStatus;
  /** Operator commands still pending after this reconcile (absent: the stored ones are kept). */
  rolloutCommands?: RolloutCommandStatus[];
}

/** Counts the phase and the conditions are derived from. */
interface Tally {
  b: InstanceBuckets;
  desired: number;
  minAvailable: number;
  available: number;
  currentAvailable: number;
  crashLooping: InstanceObject[];
  /** Runtime `function`: sized by its autoscaler, so scaling up or down is not a degradation. */
  elastic: boolean;
}

/**
 * The status a reconcile publishes: phase, observedGeneration, revision, conditions (Scheduled,
 * Available, Progressing, CrashLoop) and one line per instance. Pure; the controller writes it
 * only when it differs from the stored one. `status.rollout` is the rollout machine's new state
 * (else the stored one is kept), `status.rolloutCommands` the operator commands still pending.
 */
export function buildStatus(input: StatusInput): WorkloadStatus {
  const { workload, plan } = input;
  const b = classifyInstances(input.instances, { revision: input.revision, nodes: input.nodes, now: input.now.getTime(), nodeLostGraceMs: input.nodeLostGraceMs });
  const live = [...b.current, ...b.old];
  const t: Tally = {
    b,
    desired: plan.desiredInstances ?? plan.budget?.replicas ?? workload.spec.replicas,
    minAvailable: plan.desiredInstances !== undefined ? Math.min(plan.desiredInstances, 1) : plan.budget?.minAvailable ?? workload.spec.replicas,
    available: live.filter((i) => isAvailable(i, input.nodes)).length,
    currentAvailable: b.current.filter((i) => isAvailable(i, input.nodes)).length,
    crashLooping: live.filter(isCrashLooping),
    elastic: plan.desiredInstances !== undefined,
  };
  const previous = workload.status;
  const deleting = Boolean(workload.metadata.deletionTimestamp);
  const schedule = scheduled(t, input, previous?.conditions);
  const phase = phaseOf(t, deleting, schedule.status === 'False');
  const drafts = [schedule, available(t, phase), progressing(t, input.revision, phase), ...crashLoop(t, previous?.conditions), ...scaledCondition(plan)];
  const conditions = deleting ? previous?.conditions ?? [] : mergeConditions(previous?.conditions, drafts, input.now.toISOString());

  return {
    phase,
    ...(workload.metadata.generation !== undefined ? { observedGeneration: workload.metadata.generation } : {}),
    revision: input.revision,
    ...(conditions.length ? { conditions } : {}),
    instances: [...input.instances].sort((a, z) => (a.metadata.name < z.metadata.name ? -1 : 1)).map(instanceLine),
    ...rolloutFields(input, previous),
  };
}

function rolloutFields(input: StatusInput, previous: WorkloadStatus | undefined): Pick<WorkloadStatus, 'rollout' | 'rolloutCommands'> {
  const rollout = input.rollout ?? previous?.rollout;
  const commands = input.rolloutCommands ?? previous?.rolloutCommands;
  return { ...(rollout ? { rollout } : {}), ...(commands?.length ? { rolloutCommands: commands } : {}) };
}

function instanceLine(i: InstanceObject): InstanceStatus {
  const state = instanceState(i);
  const stopping = i.metadata.deletionTimestamp && state !== 'Stopped' && state !== 'Succeeded' && state !== 'Failed';
  const message = i.status?.message ?? i.status?.conditions?.find((c) => c.type === CRASH_LOOP_CONDITION && c.status === 'True')?.message;
  return {
    id: i.metadata.name,
    node: i.spec.node,
    revision: i.spec.revision,
    state: stopping ? 'Stopping' : state,
    restarts: i.status?.restarts ?? 0,
    ...(message ? { message } : {}),
    ...(i.status?.ports?.length ? { ports: i.status.ports.map((p) => ({ ...p })) } : {}),
  };
}

/**
 * Terminating while deleting; Succeeded/Failed once every wanted instance ran to completion;
 * Running with all wanted instances available; Degraded when some serve or some crash or fail;
 * otherwise Pending (being placed or started, or unschedulable).
 */
function phaseOf(t: Tally, deleting: boolean, unschedulable: boolean): WorkloadPhase {
  if (deleting) return 'Terminating';
  const { b } = t;
  if (t.desired > 0 && b.current.length === 0 && b.finished.length >= t.desired) {
    return b.finished.some((i) => instanceState(i) === 'Failed') ? 'Failed' : 'Succeeded';
  }
  if (t.available >= t.desired && !(t.desired === 0 && unschedulable)) return 'Running';
  // A function starting instances for a burst (or a cold start) still serves: its queue holds the work.
  if (t.elastic && !unschedulable && t.crashLooping.length === 0) return 'Running';
  const failed = b.finished.some((i) => instanceState(i) === 'Failed');
  if (t.available > 0 || t.crashLooping.length > 0 || failed) return 'Degraded';
  return 'Pending';
}

function scheduled(t: Tally, { plan }: StatusInput, previous: readonly Condition[] | undefined): ConditionDraft {
  const s = plan.scheduling;
  if (s && s.placed < s.wanted) {
    const message = s.diagnosis?.message ?? `${s.wanted - s.placed} of ${s.wanted} new instances could not be placed`;
    return draft(T.Scheduled, 'False', R.Unschedulable, message);
  }
  const missing = t.desired - t.b.current.length - t.b.finished.length;
  if (!s && missing > 0) {
    // Waiting for the rollout budget, not for the scheduler: the last verdict still stands.
    const last = previous?.find((c) => c.type === T.Scheduled);
    if (last) return draft(last.type, last.status, last.reason, last.message);
  }
  if (s?.diagnosis && t.b.current.length === 0 && t.b.old.length === 0) {
    return draft(T.Scheduled, 'False', R.Unschedulable, s.diagnosis.message);
  }
  return draft(T.Scheduled, 'True', R.Scheduled, `every wanted instance is placed (${t.b.current.length + t.b.old.length} live)`);
}

function available(t: Tally, phase: WorkloadPhase): ConditionDraft {
  if (phase === 'Succeeded' || phase === 'Failed') {
    return draft(T.Available, 'False', R.Completed, `all ${t.desired} instances ran to completion`);
  }
  const counts = `${t.available} of ${t.desired} instances available (minimum ${t.minAvailable})`;
  return t.available >= t.minAvailable
    ? draft(T.Available, 'True', R.MinimumInstancesAvailable, counts)
    : draft(T.Available, 'False', R.MinimumInstancesUnavailable, counts);
}

function progressing(t: Tally, revision: number, phase: WorkloadPhase): ConditionDraft {
  const { b } = t;
  const done = t.currentAvailable + b.finished.length;
  if (b.old.length > 0) {
    const oldRevisions = [...new Set(b.old.map((i) => i.spec.revision))].sort((x, y) => x - y).join(', ');
    return draft(T.Progressing, 'True', R.NewRevisionRolling,
      `rolling to revision ${revision}: ${done} of ${t.desired} updated instances available, ${b.old.length} of revision ${oldRevisions} remaining`);
  }
  if (done < t.desired && phase !== 'Failed') {
    return draft(T.Progressing, 'True', R.InstancesStarting, `revision ${revision}: ${done} of ${t.desired} instances available`);
  }
  return draft(T.Progressing, 'True', R.RolloutComplete, `revision ${revision} is rolled out (${t.desired} instances)`);
}

function crashLoop(t: Tally, previous: readonly Condition[] | undefined): ConditionDraft[] {
  if (t.crashLooping.length > 0) {
    const names = t.crashLooping.map((i) => `${i.metadata.name} on ${i.spec.node}`).join(', ');
    const detail = t.crashLooping[0]!.status?.conditions?.find((c) => c.type === CRASH_LOOP_CONDITION)?.message;
    const message = `${t.crashLooping.length} instance(s) crash-looping: ${names}${detail ? ` (${detail})` : ''}`;
    return [draft(T.CrashLoop, 'True', R.CrashLoopBackOff, message)];
  }
  // Only workloads that ever crash-looped carry the condition: its False form says "recovered".
  const had = previous?.some((c) => c.type === T.CrashLoop);
  return had ? [draft(T.CrashLoop, 'False', R.NoCrashLoop, 'no instance is crash-looping')] : [];
}

/** Runtime `function` only: how the autoscaler has sized it (scaled to zero is a healthy state). */
function scaledCondition(plan: ReconcilePlan): ConditionDraft[] {
  if (plan.desiredInstances === undefined) return [];
  return plan.desiredInstances === 0
    ? [draft(T.Scaled, 'True', R.ScaledToZero, 'no invocations for idleSeconds: scaled to zero; the next invocation starts an instance')]
    : [draft(T.Scaled, 'True', R.ScaledToLoad, `${plan.desiredInstances} instance(s) for the queued and running invocations (within scale.min..max)`)];
}
