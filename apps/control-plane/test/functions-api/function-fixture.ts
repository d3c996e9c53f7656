import { WORKLOAD_KIND, type Workload } from '@mosaic/api';
import { functionQueueConnection, functionQueueName, type InvocationPayload, type InvocationResult } from '@mosaic/queue';
import { Worker, type Job } from 'bullmq';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TestControlPlane } from '../support/test-control-plane.js';
import { until } from '../support/until.js';

/**
 * A test stand-in for the agents' function driver: a real BullMQ worker on a revision queue.
 * Input `{ op: 'fail' }` throws while `broken`; `{ op: 'sleep', ms }` sleeps; anything else is echoed.
 */
export class EchoConsumers {
  broken = true;
  readonly attempts = new Map<string, number>();
  readonly #workers: Worker[] = [];

  constructor(private readonly cp: TestControlPlane) {}

  /** Applies a function workload in `ns` and consumes its first revision's queue. */
  async deploy(ns: string, name: string, fn: Record<string, unknown> = {}): Promise<number> {
    await this.cp.controlPlane.workloads.apply({
      apiVersion: 'mosaic.dev/v1', kind: 'Workload', metadata: { name, namespace: ns },
      spec: { runtime: 'function', function: { source: { path: 'index.js' }, handler: 'index.handler', trigger: { http: {} }, retry: { attempts: 2, backoff: 'fixed', delaySeconds: 0 }, ...fn } },
    });
    const revision = await until(`${name} revision`, async () => (await this.cp.controlPlane.store.get<Workload>(WORKLOAD_KIND, ns, name)).status?.revision);
    const url = this.cp.controlPlane.reconciler!.redis.url;
    const worker = new Worker(functionQueueName(ns, name, revision), (job: Job<InvocationPayload>) => this.#handle(job), { ...functionQueueConnection(url), concurrency: 8 });
    await worker.waitUntilReady();
    this.#workers.push(worker);
    return revision;
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.close()));
  }

  async #handle(job: Job<InvocationPayload>): Promise<InvocationResult> {
    const started = Date.now();
    this.attempts.set(job.id!, (this.attempts.get(job.id!) ?? 0) + 1);
    const input = (job.data.input ?? {}) as { op?: string; ms?: number };
    if (input.op === 'fail' && this.broken) throw new Error(`boom on attempt ${job.attemptsMade + 1}`);
    if (input.op === 'sleep') await sleep(input.ms ?? 1000);
    return { output: { echo: job.data.input, revision: job.data.revision }, durationMs: Date.now() - started, instance: 'test-worker' };
  }
}
