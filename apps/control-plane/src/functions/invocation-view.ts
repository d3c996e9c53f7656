import type { JobType } from 'bullmq';
import { invocationState, type InvocationPayload, type InvocationResult, type InvocationState } from '@mosaic/queue';
import type { Invocation } from './invocation-types.js';

/** The fields of a BullMQ job an invocation is read from. */
export interface InvocationJobView {
  id?: string | undefined;
  data: InvocationPayload;
  returnvalue: unknown;
  attemptsMade: number;
  /** BullMQ counts a started attempt here before it finishes. */
  attemptsStarted?: number;
  failedReason?: string;
  processedOn?: number | undefined;
  finishedOn?: number | undefined;
  opts: { attempts?: number | undefined };
}

/**
 * BullMQ's job state folded into an invocation state, one refinement on top of the queue
 * contract's `invocationState`: a job waiting (or delayed) for a retry after a failed attempt is
 * `failed` — it failed, and will run again — not freshly `queued`.
 */
export function invocationStateOf(jobState: string, attemptsMade: number): InvocationState {
  const state = invocationState(jobState);
  return state === 'queued' && attemptsMade > 0 ? 'failed' : state;
}

/** The BullMQ job states that hold invocations in one API state (for list filters). */
export function jobStatesFor(state: InvocationState): JobType[] {
  switch (state) {
    case 'queued': return ['waiting', 'delayed', 'prioritized'];
    case 'failed': return ['waiting', 'delayed', 'prioritized'];
    case 'running': return ['active'];
    case 'succeeded': return ['completed'];
    case 'dead-lettered': return ['failed'];
  }
}

/** An invocation read from its job and the job's state. */
export function invocationFromJob(job: InvocationJobView, jobState: string): Invocation {
  const { data } = job;
  const state = invocationStateOf(jobState, job.attemptsMade);
  const result = state === 'succeeded' ? (job.returnvalue as InvocationResult | null | undefined) : undefined;
  const running = state === 'running' ? 1 : 0;
  const view: Invocation = {
    id: job.id ?? data.invocationId,
    namespace: data.namespace,
    name: data.name,
    revision: data.revision,
    state,
    attempts: job.attemptsMade + running,
    maxAttempts: job.opts.attempts ?? 1,
    input: data.input ?? null,
    trigger: data.trigger,
    acceptedAt: data.acceptedAt,
  };
  if (data.idempotencyKey) view.idempotencyKey = data.idempotencyKey;
  if (job.processedOn) view.startedAt = new Date(job.processedOn).toISOString();
  if ((state === 'succeeded' || state === 'dead-lettered') && job.finishedOn) view.finishedAt = new Date(job.finishedOn).toISOString();
  if (result) {
    view.output = result.output ?? null;
    view.durationMs = result.durationMs;
    view.instance = result.instance;
  }
  if (state !== 'succeeded' && job.failedReason) view.error = job.failedReason;
  return view;
}
