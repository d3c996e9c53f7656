import type { InstanceObject, InstanceState, NodeObject } from '@mosaic/api';
import { isNodeReady, lostAt } from './node-health.js';

/** Instance condition set by the drivers while restarts keep failing (`InstanceConditionType.CrashLoop`). */
export const CRASH_LOOP_CONDITION = 'CrashLoop';
/** Instance condition with the latest health-check result (`InstanceConditionType.Healthy`). */
export const HEALTHY_CONDITION = 'Healthy';

const FINISHED: readonly InstanceState[] = ['Succeeded', 'Failed'];

/** What a reconcile sees of a workload's instances, sorted into Nomad-style buckets. */
export interface InstanceBuckets {
  /** Live instances of the current revision. */
  current: InstanceObject[];
  /** Live instances of any other revision. */
  old: InstanceObject[];
  /** Current-revision instances that ran to completion: they keep their slot and are not replaced. */
  finished: InstanceObject[];
  /** Other-revision instances that ran to completion: released (a new revision runs anew). */
  finishedOld: InstanceObject[];
  /** Not terminating but reported `Stopped` by their agent: dead, released and replaced. */
  defunct: InstanceObject[];
  /** Being stopped (deletionTimestamp set) on a node that is not lost: waiting for their agent. */
  stopping: InstanceObject[];
  /** On a node that is gone or not Ready past the grace: released (finalizer removed) and replaced. */
  lost: InstanceObject[];
  /** The earliest moment (ms) an instance on a not-Ready node becomes lost, if any does. */
  nextLostAt?: number;
}

export interface ClassifyOptions {
  /** The workload's current revision. */
  revision: number;
  nodes: ReadonlyMap<string, NodeObject>;
  /** ms since the epoch. */
  now: number;
  nodeLostGraceMs: number;
}

export function instanceState(instance: InstanceObject): InstanceState {
  return instance.status?.state ?? 'Pending';
}

function conditionIs(instance: InstanceObject, type: string, status: string): boolean {
  return instance.status?.conditions?.some((c) => c.type === type && c.status === status) ?? false;
}

export function isCrashLooping(instance: InstanceObject): boolean {
  return conditionIs(instance, CRASH_LOOP_CONDITION, 'True');
}

/**
 * Available = serving: Running, not failing its health check, not being stopped, and on a Ready
 * node (an instance on a silent node may be running, but nobody can tell).
 */
export function isAvailable(instance: InstanceObject, nodes: ReadonlyMap<string, NodeObject>): boolean {
  return (
    instanceState(instance) === 'Running' &&
    !instance.metadata.deletionTimestamp &&
    !conditionIs(instance, HEALTHY_CONDITION, 'False') &&
    isNodeReady(nodes.get(instance.spec.node))
  );
}

/** Sorts instances into buckets. Pure; input order does not matter, output is sorted by name. */
export function classifyInstances(instances: readonly InstanceObject[], o: ClassifyOptions): InstanceBuckets {
  const b: InstanceBuckets = { current: [], old: [], finished: [], finishedOld: [], defunct: [], stopping: [], lost: [] };
  const sorted = [...instances].sort((x, y) => (x.metadata.name < y.metadata.name ? -1 : x.metadata.name > y.metadata.name ? 1 : 0));
  for (const instance of sorted) {
    const lostTime = lostAt(o.nodes.get(instance.spec.node), o.nodeLostGraceMs);
    if (lostTime !== undefined && lostTime <= o.now) {
      b.lost.push(instance);
      continue;
    }
    if (lostTime !== undefined) b.nextLostAt = Math.min(b.nextLostAt ?? Infinity, lostTime);
    const state = instanceState(instance);
    const current = instance.spec.revision === o.revision;
    if (instance.metadata.deletionTimestamp) b.stopping.push(instance);
    else if (FINISHED.includes(state)) (current ? b.finished : b.finishedOld).push(instance);
    else if (state === 'Stopped') b.defunct.push(instance);
    else (current ? b.current : b.old).push(instance);
  }
  return b;
}
