// Process supervision shared by the process-based runtimes (service, wasm, …).
export { SupervisedInstance, type SupervisedInstanceOptions } from './supervision/supervised-instance.js';
export {
  resolveSupervisionOptions,
  type SupervisionOptions, type ResolvedSupervisionOptions, type BackoffOptions, type LogRotationOptions,
} from './supervision/supervision-options.js';
export type { HealthCheck, ProbeResult } from './supervision/health-check.js';
export { backoffDelay, formatDuration } from './supervision/backoff.js';
export { decideAfterExit, type RestartPolicy, type RunOutcome, type ExitDecision } from './supervision/exit-decision.js';
export { describeExit } from './supervision/describe-exit.js';
export type { LaunchSpec } from './spawn/launch-spec.js';
export { spawnDetached, type DetachedSpawnOptions, type DetachedProcess } from './spawn/spawn-detached.js';
export { EXIT_SHIM, readExitFile } from './spawn/exit-shim.js';
export { parseProcStat, readProcStat, readBootId, listGroupMembers, type ProcStat } from './proc/proc-stat.js';
export { captureIdentity, checkIdentity, waitForExit, type IdentityCheck } from './proc/process-identity.js';
export { signalGroup, killGroupStragglers, waitForWorkloadExec } from './proc/signal-group.js';
export { LogRotator, rotateIfLarger, rotatedPaths } from './logs/log-rotator.js';
export { readLogFiles, existingLogPaths, lastLogLine } from './logs/read-log-files.js';
export { FileInstanceLogs } from './logs/file-instance-logs.js';
export { InstanceEventSource } from './supervision/instance-event-source.js';
export { findExecutable } from './host/find-executable.js';
