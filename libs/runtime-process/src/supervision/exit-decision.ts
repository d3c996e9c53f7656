import type { InstanceState } from '@mosaic/api';
import { InstanceReason } from '@mosaic/runtime';

export type RestartPolicy = 'Always' | 'OnFailure' | 'Never';

/** What ended a run, as the supervisor saw it. */
export interface RunOutcome {
  exitCode: number | null;
  /** The wall-clock deadline killed it. */
  deadlineExceeded?: boolean;
  /** Failed health checks killed it. */
  unhealthy?: boolean;
  /** It could not be started. */
  startError?: boolean;
}

export type ExitDecision =
  | { restart: true; failed: boolean; reason: InstanceReason }
  | { restart: false; failed: boolean; reason: InstanceReason; state: Extract<InstanceState, 'Succeeded' | 'Failed'> };

/**
 * The restart policy, as a table (Kubernetes semantics):
 *
 * | outcome                  | Always  | OnFailure | Never     |
 * |--------------------------|---------|-----------|-----------|
 * | exit 0                   | restart | Succeeded | Succeeded |
 * | exit ≠ 0 / unknown       | restart | restart   | Failed    |
 * | deadline, unhealthy, start error | restart | restart | Failed |
 */
export function decideAfterExit(policy: RestartPolicy, outcome: RunOutcome): ExitDecision {
  const reason = outcome.deadlineExceeded ? InstanceReason.DeadlineExceeded
    : outcome.unhealthy ? InstanceReason.Unhealthy
    : outcome.startError ? InstanceReason.StartError
    : outcome.exitCode === 0 ? InstanceReason.Completed
    : InstanceReason.Error;
  const failed = reason !== InstanceReason.Completed;
  const restart = policy === 'Always' || (policy === 'OnFailure' && failed);
  return restart ? { restart, failed, reason } : { restart, failed, reason, state: failed ? 'Failed' : 'Succeeded' };
}
