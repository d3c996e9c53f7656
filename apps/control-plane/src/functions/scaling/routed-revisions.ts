import type { WorkloadStatus } from '@mosaic/api';

/**
 * The revisions new invocations of a function go to: the current one, or the stable and the
 * canary revision while a rollout is under way (Progressing or Paused with a stable revision
 * that differs from the current). Every other revision only drains.
 */
export function routedRevisions(current: number, status: WorkloadStatus | undefined): number[] {
  const r = status?.rollout;
  if (r && (r.phase === 'Progressing' || r.phase === 'Paused') && r.stableRevision > 0 && r.stableRevision !== current) {
    return [r.stableRevision, current].sort((a, b) => a - b);
  }
  return [current];
}
