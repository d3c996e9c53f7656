/**
 * Whether this node can run a runtime, as {@link WorkloadRuntime.probe} reports it. The agent
 * registers the names of the available runtimes with the control plane, and the scheduler's
 * "runtime available" filter only places instances where the answer was yes.
 */
export interface RuntimeAvailability {
  available: boolean;
  /** CamelCase constant when unavailable or degraded, e.g. `SandboxUnavailable`. */
  reason?: string;
  /** For people: what is missing and how to fix it. */
  message?: string;
  /** Facts worth showing in `mosaic nodes` (versions, sandbox kind). */
  details?: Record<string, string>;
}
