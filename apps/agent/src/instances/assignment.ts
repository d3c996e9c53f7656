import { API_VERSION, InvalidArgumentError, WORKLOAD_KIND, dnsLabel, validateWorkload, type WorkloadSpec } from '@mosaic/api';
import type { pb } from '@mosaic/proto';
import type { InstanceSpec } from '@mosaic/runtime';

/** Who an instance is, as the control plane assigned it; persisted with the driver's record. */
export interface Assignment {
  namespace: string;
  /** The Instance object's name; also the runtime's instance id. */
  name: string;
  uid: string;
  workload: string;
  revision: number;
  runtime: string;
  labels: Record<string, string>;
}

/** `namespace/name`, the agent's key of an instance. */
export function assignmentKey(ref: { namespace: string; name: string }): string {
  return `${ref.namespace}/${ref.name}`;
}

/**
 * The identity of an Assign message. Names become file names, so they must be DNS labels.
 * @throws InvalidArgumentError
 */
export function assignmentFromProto(msg: pb.AssignInstance__Output): Assignment {
  const assignment: Assignment = {
    namespace: msg.namespace ?? '',
    name: msg.instanceId ?? '',
    uid: msg.uid ?? '',
    workload: msg.workload ?? '',
    revision: Number(msg.revision ?? 0),
    runtime: msg.runtime ?? '',
    labels: { ...(msg.labels ?? {}) },
  };
  const violations = (['namespace', 'name', 'workload'] as const)
    .filter((field) => !dnsLabel.safeParse(assignment[field]).success)
    .map((field) => ({ path: field, message: `"${assignment[field]}" is not a DNS-1123 label` }));
  if (violations.length) throw new InvalidArgumentError('invalid assignment', violations);
  return assignment;
}

/**
 * The assignment's template checked and defaulted by the same schema the API server uses
 * (the wire drops empty fields, so defaults are filled in again here).
 * @throws InvalidArgumentError when the template is not a valid spec for this agent's schema.
 */
export function templateSpec(assignment: Assignment, template: pb.WorkloadSpec__Output | undefined): WorkloadSpec {
  const plain: unknown = JSON.parse(JSON.stringify(template ?? {}));
  const workload = validateWorkload({
    apiVersion: API_VERSION,
    kind: WORKLOAD_KIND,
    metadata: { name: assignment.workload, namespace: assignment.namespace },
    spec: plain,
  });
  if (workload.spec.runtime !== assignment.runtime) {
    throw new InvalidArgumentError('invalid assignment', [{ path: 'runtime', message: `"${assignment.runtime}" does not match the template's runtime "${workload.spec.runtime}"` }]);
  }
  return workload.spec;
}

/** What the runtime is asked to run. */
export function instanceSpecOf(assignment: Assignment, spec: WorkloadSpec): InstanceSpec {
  return {
    id: assignment.name,
    workloadKey: `${assignment.namespace}/${assignment.workload}`,
    namespace: assignment.namespace,
    name: assignment.workload,
    revision: assignment.revision,
    spec,
    labels: assignment.labels,
  };
}
