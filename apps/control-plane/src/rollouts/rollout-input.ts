import type { InstanceObject, NodeObject, Workload } from '@mosaic/api';
import type { AnalysisValues, RevisionInstances, RolloutCommand, RolloutInput, RolloutState } from '@mosaic/rollout';
import { instanceState, isAvailable, isCrashLooping } from '../reconciler/instance-buckets.js';

/** What the controller gathered for one workload's rollout. */
export interface RolloutFacts {
  workload: Workload;
  /** The revision the spec maps to now. */
  revision: number;
  /** The workload's instances (terminating ones included: they are skipped). */
  instances: readonly InstanceObject[];
  nodes: ReadonlyMap<string, NodeObject>;
  /** Canary measurements the runtime can give (function error rate, latency); health comes from instances. */
  measurements?: AnalysisValues;
  /** `placement.mode: everyNode` (probes): the nodes the workload may run on, which a weight splits. */
  feasibleNodes?: readonly NodeObject[];
  now: number;
}

/**
 * Counts the workload's instances per revision the way the rollout machine wants them: live
 * (not being stopped, not run to completion), available (serving), crash-looping or failed,
 * restarts. Pure.
 */
export function countRevisions(instances: readonly InstanceObject[], nodes: ReadonlyMap<string, NodeObject>): RevisionInstances[] {
  const byRevision = new Map<number, RevisionInstances>();
  for (const i of instances) {
    if (i.metadata.deletionTimestamp) continue;
    const state = instanceState(i);
    if (state === 'Succeeded' || state === 'Stopped') continue;
    const r = byRevision.get(i.spec.revision) ?? { revision: i.spec.revision, live: 0, available: 0, crashLooping: 0, restarts: 0 };
    const available = isAvailable(i, nodes);
    r.live += 1;
    if (available) r.available += 1;
    // Failed (a probe that did not attach, a module that did not start) settles unhealthy like a crash loop.
    if (!available && (isCrashLooping(i) || state === 'Failed')) r.crashLooping = (r.crashLooping ?? 0) + 1;
    r.restarts = (r.restarts ?? 0) + (i.status?.restarts ?? 0);
    byRevision.set(i.spec.revision, r);
  }
  return [...byRevision.values()].sort((a, b) => a.revision - b.revision);
}

/** The revision running now when a workload is first seen by the rollout controller: the oldest live one. */
function runningRevision(counts: readonly RevisionInstances[], desired: number): number {
  const other = counts.filter((c) => c.revision !== desired && c.live > 0);
  return other.length ? Math.max(...other.map((c) => c.revision)) : desired;
}

/** The pure machine's input for one reconcile of `facts.workload`. */
export function buildRolloutInput(facts: RolloutFacts): RolloutInput {
  const { workload } = facts;
  const counts = countRevisions(facts.instances, facts.nodes);
  const stored = workload.status?.rollout;
  // A state written before the machine existed (no canaryRevision/events) counts as first sight.
  const state = stored && typeof stored.canaryRevision === 'number' && Array.isArray(stored.events) ? stored as RolloutState : undefined;
  const commands: RolloutCommand[] = (workload.status?.rolloutCommands ?? []).map((c) => ({
    seq: c.seq, kind: c.kind, ...(c.revision !== undefined ? { revision: c.revision } : {}), ...(c.by ? { by: c.by } : {}),
  }));
  // Functions: the pool follows queue load (the function autoscaler), not the weight, which only
  // routes invocations — so the machine splits nothing (no replicas, no instance counts) and its
  // steps advance on time, commands and analysis alone.
  const isFunction = workload.spec.runtime === 'function';
  const feasible = workload.spec.placement.mode === 'everyNode' ? facts.feasibleNodes ?? [...facts.nodes.values()] : undefined;
  return {
    spec: workload.spec.rollout,
    replicas: isFunction ? 0 : workload.spec.replicas,
    ...(feasible ? { nodes: feasible.map((n) => ({ name: n.metadata.name, ...(n.metadata.labels ? { labels: n.metadata.labels } : {}) })) } : {}),
    state,
    revisions: { desired: facts.revision, ...(state ? {} : { stable: runningRevision(counts, facts.revision) }) },
    instances: isFunction ? [] : counts,
    ...(facts.measurements ? { measurements: facts.measurements } : {}),
    ...(commands.length ? { commands } : {}),
    now: facts.now,
  };
}
