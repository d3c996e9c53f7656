import type { WorkloadSpec } from '@mosaic/api';
import type { InstanceHandle, InstanceSpec } from '@mosaic/runtime';
import { functionQueueConnection, functionQueueName, invocationIdFor, invocationJobOptions, type FunctionRetry, type InvocationPayload, type InvocationResult } from '@mosaic/queue';
import { Queue, type Job } from 'bullmq';
import { scratchArea, type ScratchArea } from '@mosaic/runtime-process/testing';

/** A scratch area per test (see scratchArea). */
export const scratch = (prefix = 'mosaic-fn-'): ScratchArea => scratchArea(prefix);

let seq = 0;
/** A function instance with a unique name (so a unique queue); `section` overrides the defaults. */
export function functionInstance(section: Record<string, unknown>, memory = '128Mi'): InstanceSpec {
  const name = `f${process.pid}-${++seq}`;
  const spec = {
    runtime: 'function',
    replicas: 1,
    resources: { cpu: '100m', memory },
    function: {
      trigger: { queue: {} },
      concurrency: 4,
      scale: { min: 0, max: 1, idleSeconds: 60 },
      timeoutSeconds: 10,
      retry: { attempts: 1, backoff: 'fixed', delaySeconds: 0 },
      ...section,
    },
  } as unknown as WorkloadSpec;
  return { id: `${name}-1-x`, workloadKey: `test/${name}`, namespace: 'test', name, revision: 1, spec };
}

/** Resolves when `predicate` holds, polling every 20 ms; rejects after `timeoutMs`. */
export async function until(predicate: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function untilRunning(handle: InstanceHandle, timeoutMs = 15_000): Promise<void> {
  return until(() => handle.state === 'Running', timeoutMs, `Running (now ${handle.state}/${handle.reason ?? ''}: ${handle.message ?? ''})`);
}

/** The control plane's side, as H2's producers do it: a BullMQ queue of the instance's revision. */
export class Producer {
  readonly queue: Queue<InvocationPayload, InvocationResult>;

  constructor(readonly instance: InstanceSpec, url: string) {
    this.queue = new Queue(functionQueueName(instance.namespace, instance.name, instance.revision), functionQueueConnection(url));
  }

  async invoke(input: unknown, options: { retry?: Partial<FunctionRetry>; timeoutMs?: number; idempotencyKey?: string } = {}): Promise<Job<InvocationPayload, InvocationResult>> {
    const i = this.instance;
    const invocationId = invocationIdFor(i.namespace, i.name, options.idempotencyKey);
    const retry: FunctionRetry = { attempts: 1, backoff: 'fixed', delaySeconds: 0, ...options.retry };
    return this.queue.add('invoke', {
      invocationId, namespace: i.namespace, name: i.name, revision: i.revision, input,
      ...(options.idempotencyKey !== undefined ? { idempotencyKey: options.idempotencyKey } : {}),
      trigger: 'api', acceptedAt: new Date().toISOString(), timeoutMs: options.timeoutMs ?? 10_000,
    }, invocationJobOptions(retry, invocationId));
  }

  /** Waits for the job to complete or fail for good; returns its final state and job. */
  async settle(job: Job<InvocationPayload, InvocationResult>, timeoutMs = 20_000): Promise<{ state: string; job: Job<InvocationPayload, InvocationResult> }> {
    let state = '';
    await until(async () => {
      state = await this.queue.getJobState(job.id!);
      return state === 'completed' || state === 'failed';
    }, timeoutMs, `job ${job.id} to finish (state ${state})`);
    const fresh = await this.queue.getJob(job.id!);
    return { state, job: fresh! };
  }

  async call(input: unknown, options: Parameters<Producer['invoke']>[1] = {}) {
    return this.settle(await this.invoke(input, options));
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
