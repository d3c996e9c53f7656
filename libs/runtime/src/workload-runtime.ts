import type { RuntimeName } from '@mosaic/api';
import type { InstanceHandle } from './instance-handle.js';
import type { InstanceRecord } from './instance-record.js';
import type { InstanceSpec } from './instance-spec.js';
import type { RuntimeAvailability } from './runtime-availability.js';
import type { RuntimeContext } from './runtime-context.js';

/**
 * A way of running workload instances on a node — the one interface the agent uses for every
 * runtime (service, function, ebpf, wasm). Drivers implement it in their own package and
 * register an instance with {@link registerRuntime} from their `setup()`; the agent looks them
 * up by `spec.runtime` with {@link getRuntime} and never branches on the runtime itself.
 * Adding a runtime means one new package and its schema section; nothing here changes.
 *
 * ## Life of an instance on an agent
 * 1. At start-up the agent calls `probe()` on every registered runtime and reports the
 *    available ones with its node registration (the scheduler filters on them).
 * 2. For each persisted {@link InstanceRecord} left by a previous agent process it calls
 *    `adopt(record, ctx)`: a handle means the instance is back under supervision; `undefined`
 *    means there is nothing to re-attach to and the agent deletes the record and the
 *    instance's directories (the reconciler places a replacement if one is still wanted).
 * 3. For each assignment it calls `start(instance, ctx)` and keeps the handle: it reports
 *    `state`, `restarts`, `reason`, `message` and conditions upstream, persists `record()` on
 *    every `change` event, and serves `logs`.
 * 4. When an assignment goes away it calls `handle.stop(graceMs)`; on agent shutdown,
 *    `handle.detach()` (instances outlive the agent and are adopted next time).
 *
 * ## Guarantees drivers give
 * - Instances do not depend on the agent process: they run in their own session/process
 *   group with output going to files, so `kill -9` of the agent (or of the control plane)
 *   leaves them running.
 * - A process is only ever signalled or adopted after its identity (pid + start time + boot
 *   id) was verified, so a recycled pid is never touched.
 * - Failures of the *workload* (a crashing command, a bad checksum, a module over its memory
 *   limit) are reported on the handle — `Failed` with a reason — not thrown. `start()` rejects
 *   only when this node cannot run the instance at all ({@link RuntimeUnavailableError}) or the
 *   spec is not one for this runtime ({@link InvalidInstanceSpecError}).
 */
export interface WorkloadRuntime {
  /** The value of `spec.runtime` this driver serves; the registry key. */
  readonly name: RuntimeName;

  /**
   * Can this node run the runtime? Cheap enough to call at every agent start; results may be
   * cached by the driver. Never throws: problems are reported as `available: false` with a
   * reason and message (e.g. wasm without bubblewrap: `SandboxUnavailable`).
   */
  probe(): Promise<RuntimeAvailability>;

  /**
   * Starts one instance and returns its handle once the first process is launched (or the
   * instance failed before launching). The handle's state then moves on by itself; health
   * gating, restarts and deadlines are the driver's job.
   * @throws RuntimeUnavailableError when `probe()` would say unavailable.
   * @throws InvalidInstanceSpecError when `instance.spec` lacks this runtime's section.
   */
  start(instance: InstanceSpec, ctx: RuntimeContext): Promise<InstanceHandle>;

  /**
   * Re-attaches to an instance a previous agent process started, from the record it
   * persisted. Resolves to a supervised handle when the recorded process is still alive *and*
   * is the same process (pid, start time and boot id match); to a handle in its final state
   * when the instance had finished (or finished while unobserved and its policy does not
   * restart it); to `undefined` otherwise — including when the pid now belongs to another
   * process, which is left alone.
   */
  adopt(record: InstanceRecord, ctx: RuntimeContext): Promise<InstanceHandle | undefined>;
}
