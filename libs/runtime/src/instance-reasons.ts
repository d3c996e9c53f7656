/**
 * The reason constants drivers put on instances (`InstanceHandle.reason`) and conditions.
 * Programs branch on these; people read the accompanying message.
 */
export const InstanceReason = {
  /** The process was started and needs no health check to count as running. */
  Started: 'Started',
  /** The first health check passed. */
  Healthy: 'Healthy',
  /** Health checks failed `failureThreshold` times in a row; the process is being replaced. */
  Unhealthy: 'Unhealthy',
  /** Waiting before a restart (exponential back-off). */
  BackOff: 'BackOff',
  /** Restarted too often in a short time; still retrying, with the longest back-offs. */
  CrashLoopBackOff: 'CrashLoopBackOff',
  /** A crash loop ended: the instance stayed up long enough for the back-off to reset. */
  Recovered: 'Recovered',
  /** Ran to completion with exit code 0. */
  Completed: 'Completed',
  /** Exited with a non-zero code (or was killed by a signal nobody asked for). */
  Error: 'Error',
  /** The wall-clock limit (`timeoutSeconds`) was reached; the process group was killed. */
  DeadlineExceeded: 'DeadlineExceeded',
  /** Stopped on request. */
  Stopped: 'Stopped',
  /** Re-attached by a new agent process. */
  Adopted: 'Adopted',
  /** The process could not be started at all (bad working dir, unreadable module, …). */
  StartError: 'StartError',
  /** The module's sha256 did not match the spec; nothing was run. */
  ChecksumMismatch: 'ChecksumMismatch',
  /** The module is not a valid WebAssembly binary. */
  InvalidModule: 'InvalidModule',
  /** The module needs more memory at start than `limits.memoryPages` allows. */
  MemoryLimitExceeded: 'MemoryLimitExceeded',
  /** The process exited while no agent watched it and its outcome is unknown. */
  Lost: 'Lost',
  /** eBPF: the program passed verification and is being attached (state Starting). */
  Attaching: 'Attaching',
  /** eBPF: the program is loaded and attached (state Running). */
  Attached: 'Attached',
  /** eBPF: the program failed verification (parse, type check, kernel verifier); nothing was attached. */
  VerificationFailed: 'VerificationFailed',
  /** eBPF: the program verified but could not be attached (missing target, busy hook); nothing stays attached. */
  AttachFailed: 'AttachFailed',
  /** eBPF: a map is larger than `limits.maxMapEntries` allows and cannot be shrunk (an array). */
  MapLimitExceeded: 'MapLimitExceeded',
  /** eBPF: the probe emitted more than `limits.maxEventsPerSecond` for too long; it was detached. */
  EventRateExceeded: 'EventRateExceeded',
  /** eBPF: this node's kernel or BTF does not satisfy `requires` (the scheduler should not have placed it here). */
  RequirementsNotMet: 'RequirementsNotMet',
} as const;

export type InstanceReason = (typeof InstanceReason)[keyof typeof InstanceReason];

/** Condition types drivers set on instances. */
export const InstanceConditionType = {
  /** True while restarts keep failing quickly (see `CrashLoopBackOff`). */
  CrashLoop: 'CrashLoop',
  /** Result of the latest health check, for runtimes that have them. */
  Healthy: 'Healthy',
} as const;

export type InstanceConditionType = (typeof InstanceConditionType)[keyof typeof InstanceConditionType];
