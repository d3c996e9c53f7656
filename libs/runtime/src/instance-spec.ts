import type { WorkloadSpec } from '@mosaic/api';

/**
 * One instance of a workload as the agent asks a runtime to run it: the identity the control
 * plane assigned plus the full, validated spec of the revision it runs.
 *
 * The spec is the whole `WorkloadSpec` (not just the runtime's section) so a driver can read
 * common fields such as `resources`; each driver reads its own section (`spec.service`,
 * `spec.wasm`, …) and rejects an instance whose section is missing with
 * {@link InvalidInstanceSpecError}.
 */
export interface InstanceSpec {
  /**
   * Unique, stable id of this instance, assigned by the reconciler (e.g. `checkout-7-x2k9f`).
   * Safe to use as a file name: drivers name log files and state directories after it.
   */
  id: string;
  /** `namespace/name` of the owning workload (the store key). */
  workloadKey: string;
  namespace: string;
  name: string;
  /** The workload revision this instance runs; a spec change means a new instance. */
  revision: number;
  /** The validated, defaulted spec of that revision. */
  spec: WorkloadSpec;
  /** Labels of the workload, for drivers that expose them (env, metrics). */
  labels?: Record<string, string>;
}
