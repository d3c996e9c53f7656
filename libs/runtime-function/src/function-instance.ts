import { setTimeout as sleep } from 'node:timers/promises';
import type { Condition, FunctionSpec, InstanceState } from '@mosaic/api';
import { functionQueueConnection, functionQueueName, FUNCTION_WORKER_SETTINGS, type InvocationPayload, type InvocationResult } from '@mosaic/queue';
import { isTerminalState, type InstanceHandle, type InstanceRecord, type InstanceSpec, type MetricFamily, type RuntimeLogLevel } from '@mosaic/runtime';
import { InstanceEventSource, type SupervisedInstance } from '@mosaic/runtime-process';
import { Worker, type Job } from 'bullmq';
import type { ResponseFrame } from '../host/frame-codec.mjs';
import { HostClient, HostUnavailableError } from './host-client.js';
import { InvocationMetrics, outcomeOf } from './invocation-metrics.js';
import type { RedisUrlCell } from './redis-url-cell.js';

/** Reasons a function instance adds to the process ones. */
export const FunctionReason = Object.freeze({
  /** The host is up but the agent does not know the queues' Redis yet. */
  QueueUnavailable: 'QueueUnavailable',
  /** The host is up; the queue worker is connecting. */
  ConnectingQueue: 'ConnectingQueue',
  /** Host and queue worker are both up. */
  Serving: 'Serving',
});

/** How long an invocation waits for a (re)starting host before it fails and is retried. */
const HOST_WAIT_MS = 30_000;
/** Back-off between its attempts to reach the host: doubling from the first, capped. */
const HOST_RETRY_FIRST_MS = 20;
const HOST_RETRY_MAX_MS = 200;

export interface FunctionInstanceOptions {
  instance: InstanceSpec;
  spec: FunctionSpec;
  socketPath: string;
  redis: RedisUrlCell;
  stopGraceMs: number;
  log: (level: RuntimeLogLevel, message: string) => void;
}

/**
 * A function instance: the supervised host process plus this agent's BullMQ worker on the
 * revision's queue. Running once both are; the worker connects to Redis (once its URL is
 * known) while the host starts, takes jobs from when the host first answers, and forwards
 * each job over the host's socket.
 */
export class FunctionInstance extends InstanceEventSource implements InstanceHandle {
  readonly id: string;
  readonly runtime = 'function' as const;
  private readonly client: HostClient;
  private readonly metricsData = new InvocationMetrics();
  private worker: Worker<InvocationPayload, InvocationResult> | undefined;
  /** The worker's Redis connections are up. */
  private workerReady = false;
  /** The worker takes jobs (it connects while the host starts, and runs once the host is Running). */
  private workerRunning = false;
  private closing = false;
  private lastState: InstanceState;
  private readonly unsubscribe: () => void;

  constructor(private readonly sup: SupervisedInstance, private readonly o: FunctionInstanceOptions) {
    super();
    this.id = sup.id;
    this.client = new HostClient(o.socketPath);
    this.lastState = this.state;
    sup.on('change', () => this.refresh());
    sup.on('exit', (exit) => this.emit('exit', exit));
    sup.on('restart', (n, delay) => this.emit('restart', n, delay));
    sup.on('condition', (c) => this.emit('condition', c));
    this.unsubscribe = o.redis.subscribe(() => this.refresh());
    this.refresh();
  }

  get state(): InstanceState {
    const s = this.sup.state;
    if (s !== 'Running') return s;
    if (this.o.redis.url === undefined) return 'Pending';
    return this.serving ? 'Running' : 'Starting';
  }

  get reason(): string | undefined {
    if (this.sup.state !== 'Running') return this.sup.reason;
    if (this.o.redis.url === undefined) return FunctionReason.QueueUnavailable;
    return this.serving ? FunctionReason.Serving : FunctionReason.ConnectingQueue;
  }

  get message(): string | undefined {
    if (this.sup.state !== 'Running') return this.sup.message;
    if (this.o.redis.url === undefined) return 'host ready; waiting for the Redis URL of the invocation queues (from the control plane or --redis-url)';
    const queue = this.queueName();
    return this.serving ? `serving ${queue} (pid ${this.sup.pid ?? '?'}, concurrency ${this.o.spec.concurrency})` : `host ready; connecting to ${queue}`;
  }

  private get serving(): boolean {
    return this.workerReady && this.workerRunning;
  }

  get restarts(): number { return this.sup.restarts; }
  get exitCode(): number | undefined { return this.sup.exitCode; }
  get conditions(): readonly Condition[] { return this.sup.conditions; }
  get pid(): number | undefined { return this.sup.pid; }
  get logs() { return this.sup.logs; }

  metrics(): MetricFamily[] {
    return this.metricsData.families();
  }

  record(): InstanceRecord {
    return this.sup.record();
  }

  async stop(graceMs = this.o.stopGraceMs): Promise<void> {
    const deadline = Date.now() + graceMs;
    this.closing = true;
    this.unsubscribe();
    const worker = this.worker;
    if (worker) {
      // In-flight invocations finish within the grace; the rest stall and go to another instance.
      const closed = await Promise.race([worker.close().then(() => true, () => true), sleep(graceMs).then(() => false)]);
      if (!closed) await forceClose(worker);
    }
    this.client.close();
    await this.sup.stop(Math.max(0, deadline - Date.now()));
    this.refresh();
  }

  detach(): void {
    this.closing = true;
    this.unsubscribe();
    if (this.worker) void forceClose(this.worker);
    this.client.close();
    this.sup.detach();
    this.detached = true;
    this.removeAllListeners();
  }

  protected log(level: RuntimeLogLevel, message: string): void {
    this.o.log(level, message);
  }

  private queueName(): string {
    const i = this.o.instance;
    return functionQueueName(i.namespace, i.name, i.revision);
  }

  /** Re-evaluates the composed state after any change, and starts or ends the worker. */
  private refresh(): void {
    if (this.detached) return;
    const hostState = this.sup.state;
    // The worker connects while the host starts (off the cold path), and takes jobs once it runs.
    const hostUp = hostState === 'Starting' || hostState === 'Running';
    if (!this.closing && !this.worker && hostUp && this.o.redis.url !== undefined) this.startWorker(this.o.redis.url);
    if (this.worker && !this.workerRunning && !this.closing && hostState === 'Running') this.runWorker(this.worker);
    if (this.worker && isTerminalState(hostState)) {
      void forceClose(this.worker);
      this.worker = undefined;
      this.workerReady = false;
      this.workerRunning = false;
    }
    const state = this.state;
    const previous = this.lastState;
    this.lastState = state;
    if (state !== previous) this.emit('state', state, previous);
    this.emit('change');
  }

  private startWorker(url: string): void {
    let worker: Worker<InvocationPayload, InvocationResult>;
    try {
      worker = new Worker<InvocationPayload, InvocationResult>(this.queueName(), (job) => this.process(job), {
        ...functionQueueConnection(url),
        concurrency: this.o.spec.concurrency,
        ...FUNCTION_WORKER_SETTINGS,
        name: this.id,
        autorun: false,
      });
    } catch (err) {
      this.log('error', `cannot start the queue worker on ${url}: ${(err as Error).message}`);
      return;
    }
    this.worker = worker;
    let lastError = '';
    worker.on('error', (err) => {
      // BullMQ keeps reconnecting; say so once per distinct problem.
      if (err.message !== lastError) this.log('warn', `queue worker: ${err.message}`);
      lastError = err.message;
    });
    worker.waitUntilReady().then(
      () => {
        if (this.worker !== worker) return;
        this.workerReady = true;
        this.log('info', `queue worker on ${this.queueName()} ready`);
        this.refresh();
      },
      (err: Error) => this.log('warn', `queue worker not ready: ${err.message}`),
    );
  }

  private runWorker(worker: Worker<InvocationPayload, InvocationResult>): void {
    this.workerRunning = true;
    worker.run().catch((err: Error) => {
      if (this.worker === worker) this.log('warn', `queue worker stopped: ${err.message}`);
    });
  }

  /** One job: forwarded to the host; the handler's failure becomes the job's error. */
  private async process(job: Job<InvocationPayload, InvocationResult>): Promise<InvocationResult> {
    const p = job.data;
    const response = await this.invokeHost({
      invocationId: p.invocationId,
      input: p.input ?? null,
      timeoutMs: p.timeoutMs,
      attempt: job.attemptsMade + 1,
      ...(p.idempotencyKey !== undefined ? { idempotencyKey: p.idempotencyKey } : {}),
    });
    this.metricsData.observe(outcomeOf(response.ok ? undefined : response.error?.code), response.durationMs);
    if (!response.ok) {
      const code = response.error?.code ?? 'HandlerError';
      throw new Error(`${code}: ${response.error?.message ?? 'the handler failed'}`);
    }
    return { output: response.output ?? null, durationMs: response.durationMs, instance: this.id };
  }

  /** Sends a request, waiting for a (re)starting host up to HOST_WAIT_MS. */
  private async invokeHost(request: Parameters<HostClient['call']>[0]): Promise<ResponseFrame> {
    const waitUntil = Date.now() + HOST_WAIT_MS;
    let delay = HOST_RETRY_FIRST_MS;
    for (;;) {
      try {
        return await this.client.call(request);
      } catch (err) {
        if (!(err instanceof HostUnavailableError)) throw err;
        const failed: ResponseFrame = { id: 0, ok: false, error: { name: 'HostUnavailable', message: err.message, code: 'HostUnavailable' }, durationMs: 0 };
        if (err.sent || this.closing || Date.now() >= waitUntil) return failed;
        await sleep(delay);
        delay = Math.min(HOST_RETRY_MAX_MS, delay * 2);
      }
    }
  }
}

/** Closes a worker without waiting for its jobs (they stall and are handed out again); bounded. */
async function forceClose(worker: Worker): Promise<void> {
  await Promise.race([worker.close(true).catch(() => undefined), sleep(2000)]);
}
