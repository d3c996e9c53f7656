// Every reason a node can be rejected for, worded to follow a node count in the diagnosis
// (`0/5 nodes available: 3 insufficient memory, 2 did not match nodeSelector.`). These
// strings are what `mosaic describe` shows, so changing one is a user-visible change.
// Like Nomad's `Filter*` constants in scheduler/feasible, they are fixed: counts only
// aggregate when the same reason is the same string.

/** The node is not ready (agent down, heartbeat missed). */
export const REASON_NOT_READY = 'not ready';
/** The node is cordoned: ready, but taking no new instances. */
export const REASON_UNSCHEDULABLE = 'marked unschedulable';
/** The node does not run the workload's runtime (service, function, ebpf or wasm). */
export const REASON_RUNTIME_UNSUPPORTED = 'did not support the runtime';
/** capacity − allocated − instances placed earlier in the same call is below the cpu request. */
export const REASON_INSUFFICIENT_CPU = 'insufficient cpu';
/** Likewise for memory. */
export const REASON_INSUFFICIENT_MEMORY = 'insufficient memory';
/**
 * A static port of `service.ports` is held on the node by a live instance, or by an instance
 * placed there earlier in the same call (kube's NodePorts: "didn't have free ports for the
 * requested pod ports").
 */
export const REASON_HOST_PORT_IN_USE = 'had the requested host port in use';
/** A `placement.nodeSelector` label is missing or different. */
export const REASON_NODE_SELECTOR = 'did not match nodeSelector';
/** A required `placement.affinity` term (one without `weight`) does not hold. */
export const REASON_NODE_AFFINITY = 'did not match required affinity';
/** A NoSchedule or NoExecute taint is not tolerated by `placement.tolerations`. */
export const REASON_UNTOLERATED_TAINT = 'had untolerated taints';
/** The node's architecture is not in `placement.arch`. */
export const REASON_ARCH = 'did not match arch';
/** The node's kernel version is outside `ebpf.requires.kernel`. */
export const REASON_KERNEL_VERSION = 'did not satisfy the kernel version range';
/** The node reports a kernel version that cannot be read as major.minor.patch. */
export const REASON_KERNEL_UNKNOWN = 'had an unrecognised kernel version';
/** `ebpf.requires.btf` is set and the node has no BTF (/sys/kernel/btf/vmlinux). */
export const REASON_BTF = 'did not have BTF';
/** `placement.spread` is set and the node has no label for its `topologyKey`. */
export const REASON_TOPOLOGY_KEY_MISSING = 'did not have the spread topology key';
/** Placing here would make max − min instances across spread domains exceed `maxSkew`. */
export const REASON_SPREAD_SKEW = 'would exceed maxSkew';

/** A request-level rejection: `ebpf.requires.kernel` is not a range this scheduler reads. */
export function reasonInvalidKernelRange(range: string): string {
  return `invalid kernel version range "${range}"`;
}

/** A request-level rejection: `resources` holds a quantity that is not cpu or memory. */
export function reasonInvalidResources(cpu: string, memory: string): string {
  return `invalid resource requests (cpu "${cpu}", memory "${memory}")`;
}
