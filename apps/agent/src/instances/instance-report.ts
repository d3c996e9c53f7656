import type { Condition } from '@mosaic/api';
import type { pb } from '@mosaic/proto';
import type { InstanceHandle } from '@mosaic/runtime';
import type { Assignment } from './assignment.js';

/** What the agent knows of one instance: its assignment and either a handle or why it has none. */
export interface InstanceView {
  assignment: Assignment;
  handle?: InstanceHandle;
  /** Set when the instance could not be started at all (no driver, invalid spec, …). */
  failure?: { reason: string; message: string; at: string };
}

/**
 * The `InstanceReport` of an instance as it is now. `released` marks the last report, sent
 * after the agent stopped it and removed its files. Pure apart from reading the handle.
 */
export function reportOf(view: InstanceView, now: string, released = false): pb.InstanceReport {
  const { assignment, handle, failure } = view;
  const base: pb.InstanceReport = {
    instanceId: assignment.name,
    namespace: assignment.namespace,
    uid: assignment.uid,
    updatedAt: now,
    released,
  };
  if (!handle) {
    return failure
      ? { ...base, state: 'Failed', restarts: 0, reason: failure.reason, message: failure.message, updatedAt: failure.at }
      : { ...base, state: 'Pending', restarts: 0 };
  }
  const startedAt = handle.record().startedAt;
  return {
    ...base,
    state: handle.state,
    restarts: handle.restarts,
    ...(handle.exitCode !== undefined ? { exitCode: handle.exitCode } : {}),
    ...(handle.reason ? { reason: handle.reason } : {}),
    ...(handle.message ? { message: handle.message } : {}),
    conditions: handle.conditions.map((c: Condition) => ({ ...c })),
    ...(startedAt ? { startedAt } : {}),
    ...(handle.ports?.length ? { ports: handle.ports.map((p) => ({ name: p.name, port: p.port, protocol: p.protocol })) } : {}),
  };
}

/** The answer to a Stop for an instance this agent does not hold. */
export function unknownInstanceReport(namespace: string, name: string, now: string): pb.InstanceReport {
  return { instanceId: name, namespace, uid: '', released: true, updatedAt: now };
}
