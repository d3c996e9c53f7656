import type { InstanceObject } from '@mosaic/api';
import { instanceKey, type AgentInstanceReport } from './agent-types.js';

/** The final states: an instance in one of them will not run again by itself. */
const FINISHED = new Set(['Succeeded', 'Failed']);

/** What a session does when an agent (re)registers: plain data, applied by the session. */
export interface InstanceSyncPlan {
  /** Store instances the agent should run but does not hold: send Assign. */
  assign: InstanceObject[];
  /** Instances the agent holds that must not run (gone from the store, another uid, or terminating): send Stop. */
  stop: { namespace: string; name: string }[];
  /** Terminating store instances nothing runs on the node for: remove their stop finalizer. */
  release: InstanceObject[];
  /** Reports of instances that live on: write them to the Instance status. */
  report: { instance: InstanceObject; report: AgentInstanceReport }[];
}

/**
 * Compares the node's Instance objects with what its agent says it holds, after a
 * (re)connect. The rules, per instance:
 *
 * | store                           | agent holds it          | action                              |
 * |---------------------------------|-------------------------|-------------------------------------|
 * | absent, or another uid          | yes                     | stop (an orphan must not run)       |
 * | terminating                     | yes                     | stop (the finalizer goes on release)|
 * | terminating                     | no                      | release (nothing to stop)           |
 * | live                            | yes                     | report (status resumes)             |
 * | live, not finished              | no                      | assign                              |
 * | live, Succeeded/Failed          | no                      | nothing: it ran, do not run it again|
 *
 * A report the agent marks `released` counts as "does not hold it".
 */
export function planInstanceSync(instances: readonly InstanceObject[], reports: readonly AgentInstanceReport[]): InstanceSyncPlan {
  const plan: InstanceSyncPlan = { assign: [], stop: [], release: [], report: [] };
  const held = new Map<string, AgentInstanceReport>();
  for (const r of reports) if (!r.released) held.set(instanceKey(r), r);
  const stored = new Map(instances.map((i) => [instanceKey(i.metadata), i]));

  for (const [key, report] of held) {
    const instance = stored.get(key);
    const sameObject = instance && (!report.uid || report.uid === instance.metadata.uid);
    if (!instance || !sameObject || instance.metadata.deletionTimestamp) plan.stop.push({ namespace: report.namespace, name: report.name });
    else plan.report.push({ instance, report });
  }
  for (const [key, instance] of stored) {
    const report = held.get(key);
    if (report && (!report.uid || report.uid === instance.metadata.uid)) continue;
    if (instance.metadata.deletionTimestamp) {
      // Held under another uid: the stop above covers the old one; this one never ran here.
      plan.release.push(instance);
    } else if (!report && !FINISHED.has(instance.status?.state ?? '')) {
      plan.assign.push(instance);
    }
  }
  return plan;
}
