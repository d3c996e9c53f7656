import type { RolloutCommandStatus, RolloutStatus } from '@mosaic/api';

/** Commands the machine has not handled yet (`seq` above the state's `commandSeq`), in `seq` order. */
export function pendingCommands(commands: readonly RolloutCommandStatus[] | undefined, handled: number): RolloutCommandStatus[] {
  return (commands ?? []).filter((c) => c.seq > handled).sort((a, b) => a.seq - b.seq);
}

/** The next command's `seq`: above every pending one and every handled one. */
export function nextCommandSeq(status: { rollout?: RolloutStatus; rolloutCommands?: RolloutCommandStatus[] } | undefined): number {
  return Math.max(status?.rollout?.commandSeq ?? 0, ...(status?.rolloutCommands ?? []).map((c) => c.seq)) + 1;
}

/**
 * The id of a rollout's durable wake-up job: one per workload, revision and step, so a restart
 * finds the same job (and scheduling it again moves it instead of adding a second one).
 */
export function rolloutWakeId(key: string, state: Pick<RolloutStatus, 'canaryRevision' | 'currentStepIndex'>): string {
  return `${key}@${state.canaryRevision}/${state.currentStepIndex}`;
}
