import type { Condition, InstanceState } from '../workload/workload-status.js';
import type { ResolvedPort } from '../workload/service-schema.js';
import type { RuntimeName } from '../workload/workload-schema.js';
import type { WorkloadSpec } from '../workload/workload-types.js';
import type { StoredObject } from './object-meta.js';

/**
 * An Instance is one placed copy of a Workload revision on one node (a Pod, in Kubernetes
 * terms): the reconciler creates and deletes them, the agent session delivers them to the
 * node's agent and writes back what the agent reports. Lives in the workload's namespace.
 */
export const INSTANCE_KIND = 'Instance';

/** Labels every Instance carries, so a workload's instances are one selector away. */
export const WORKLOAD_LABEL = 'mosaic.dev/workload';
export const REVISION_LABEL = 'mosaic.dev/revision';
export const NODE_LABEL = 'mosaic.dev/node';

/** Set on every Instance: removed once its agent has stopped it (or the node is declared lost). */
export const INSTANCE_STOP_FINALIZER = 'mosaic.dev/stop-instance';
/** Set on every Workload by the reconciler: removed once all its instances are gone. */
export const WORKLOAD_INSTANCES_FINALIZER = 'mosaic.dev/instances';

export interface InstanceSpec {
  workload: string;
  workloadUid: string;
  revision: number;
  node: string;
  runtime: RuntimeName;
  /** The revision's spec, so the agent needs nothing else to run it. */
  template: WorkloadSpec;
}

export interface InstanceObjectStatus {
  state: InstanceState;
  restarts: number;
  exitCode?: number;
  reason?: string;
  message?: string;
  conditions?: Condition[];
  startedAt?: string;
  updatedAt: string;
  /** The host ports the agent gave the instance: static ones as asked, dynamic ones as picked at start. */
  ports?: ResolvedPort[];
}

export type InstanceObject = StoredObject<InstanceSpec, InstanceObjectStatus> & { kind: typeof INSTANCE_KIND };
