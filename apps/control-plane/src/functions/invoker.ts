import {
  DEFAULT_NAMESPACE,
  DeadlineExceededError,
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  REVISION_KIND,
  UnavailableError,
  WORKLOAD_KIND,
  WORKLOAD_LABEL,
  type RevisionObject,
  type Workload,
} from '@mosaic/api';
import {
  invocationIdFor,
  invocationJobOptions,
  type FunctionRetry,
  type InvocationLocation,
  type InvocationPayload,
  type InvocationState,
} from '@mosaic/queue';
import type { Store } from '@mosaic/store';
import type { Job, JobType } from 'bullmq';
import { setTimeout as sleep } from 'node:timers/promises';
import { revisionName } from '../revisions/plan-revision.js';
import type { FunctionQueues } from './function-queues.js';
import { INVOCATION_STATES, type Invocation, type InvocationEvent, type InvokeRequest } from './invocation-types.js';
import { invocationFromJob, jobStatesFor, type InvocationJobView } from './invocation-view.js';
import type { InvokerOptions } from './invoker-options.js';
import { routeRevision } from './route-revision.js';

type InvocationJob = Job<InvocationPayload>;

/** What a revision's spec says about running its invocations. */
interface RevisionSettings {
  retry: FunctionRetry;
  timeoutMs: number;
}

export interface ListInvocationsQuery {
  namespace: string;
  name: string;
  /** Empty: every state. */
  state?: string;
  /** 0: 100. */
  limit?: number;
  pageToken?: string;
}

const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;
/** Answer a sync invoke this long before the caller's deadline, so the caller gets our message (with the id). */
const DEADLINE_MARGIN_MS = 100;

/**
 * The invocation path of the control plane: resolves the function, routes the invocation to a
 * revision (rollout-aware), adds the job to that revision's queue and indexes it, and reads
 * invocations back from the jobs. Every producer — gRPC, the HTTP gateway, schedule and queue
 * triggers, replays — goes through here.
 */
export class Invoker {
  readonly #store: Store;
  readonly #queues: FunctionQueues;
  readonly #revisionWaitMs: number;
  readonly #maxWaitMs: number;
  readonly #settings = new Map<string, RevisionSettings>();
  readonly #listeners = new Set<(event: InvocationEvent) => void>();

  constructor(store: Store, queues: FunctionQueues, options: InvokerOptions = {}) {
    this.#store = store;
    this.#queues = queues;
    this.#revisionWaitMs = options.revisionWaitMs ?? 5_000;
    this.#maxWaitMs = options.maxWaitMs ?? 300_000;
  }

  /**
   * Subscribes to accepted invocations (the autoscaler scales a function from zero on the first
   * one instead of waiting for its next poll). Returns the unsubscribe function.
   */
  onInvocation(listener: (event: InvocationEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Accepts an invocation and returns it queued (or the existing one for a repeated id). */
  async invokeAsync(request: InvokeRequest): Promise<Invocation> {
    const { job, fresh } = await this.#accept(request);
    // A job just added under a fresh id is waiting: no second round trip to read back what we wrote.
    return fresh ? invocationFromJob(job as InvocationJobView, 'waiting') : this.#view(job);
  }

  /**
   * Runs an invocation and waits for it to finish: succeeded (output) or dead-lettered (error) —
   * a failing handler is a result, not an RPC error.
   * @throws DeadlineExceededError after `waitMs`, naming the invocation id (it keeps running).
   */
  async invoke(request: InvokeRequest, waitMs?: number): Promise<Invocation> {
    const started = Date.now();
    const { job, location } = await this.#accept(request);
    const budget = Math.min(waitMs ?? this.#maxWaitMs, this.#maxWaitMs) - (Date.now() - started) - DEADLINE_MARGIN_MS;
    const events = await this.#queues.events(location);
    // Resolves when it completed, rejects when it was dead-lettered or the budget ran out.
    const completed = budget > 0 ? await job.waitUntilFinished(events, budget).then(() => true, () => false) : false;
    const view = await this.#view(job, completed ? 'completed' : undefined);
    if (view.state === 'succeeded' || view.state === 'dead-lettered') return view;
    throw new DeadlineExceededError(
      `invocation ${view.id} of ${location.namespace}/${location.name} is still ${view.state} at the deadline; it keeps running: mosaic invocations get ${view.id}`,
    );
  }

  /** @throws NotFoundError */
  async get(id: string): Promise<Invocation> {
    return this.#view(await this.#findJob(id));
  }

  /** The invocations of one function, newest first. @throws NotFoundError, InvalidArgumentError */
  async list(query: ListInvocationsQuery): Promise<{ items: Invocation[]; nextPageToken?: string }> {
    const namespace = query.namespace || DEFAULT_NAMESPACE;
    const state = parseStateFilter(query.state);
    const limit = Math.min(query.limit || DEFAULT_PAGE, MAX_PAGE);
    const offset = parsePageToken(query.pageToken);
    const workload = await this.#function(namespace, query.name);
    const revisions = await this.#revisionNumbers(workload);
    const jobStates: JobType[] = state ? jobStatesFor(state) : ['active', 'waiting', 'delayed', 'prioritized', 'completed', 'failed'];
    const want = offset + limit + 1;
    // A job can move between states while the states are read one by one: keep it once.
    const found = new Map<string, Invocation>();
    for (const revision of revisions) {
      const queue = this.#queues.queue({ namespace, name: query.name, revision });
      for (const jobState of [...new Set(jobStates)]) {
        const jobs = await queue.getJobs([jobState], 0, want - 1, false);
        for (const job of jobs) {
          if (!job) continue;
          const view = invocationFromJob(job, jobState);
          if ((!state || view.state === state) && !found.has(view.id)) found.set(view.id, view);
        }
      }
    }
    const sorted = [...found.values()].sort((a, b) => b.acceptedAt.localeCompare(a.acceptedAt) || b.id.localeCompare(a.id));
    const items = sorted.slice(offset, offset + limit);
    return sorted.length > offset + limit ? { items, nextPageToken: String(offset + limit) } : { items };
  }

  /**
   * Replays a dead-lettered invocation on the function's current routed revision, with the same
   * id and attempts reset. @throws NotFoundError; FailedPreconditionError naming its state otherwise.
   */
  async retry(id: string): Promise<Invocation> {
    const job = await this.#findJob(id);
    const jobState = await job.getState();
    if (jobState !== 'failed') {
      const state = invocationFromJob(job as InvocationJobView, jobState).state;
      throw new FailedPreconditionError(`invocation ${id} is ${state}; only dead-lettered invocations can be retried`);
    }
    const { data } = job;
    const workload = await this.#function(data.namespace, data.name);
    await job.remove();
    const request: InvokeRequest = { namespace: data.namespace, name: data.name, input: data.input, trigger: 'replay', invocationId: id };
    if (data.idempotencyKey) request.idempotencyKey = data.idempotencyKey;
    const accepted = await this.#add(workload, request, id);
    return this.#view(accepted.job);
  }

  /** `fresh`: added now under a generated id (no caller-chosen id that a concurrent duplicate could share). */
  async #accept(request: InvokeRequest): Promise<{ job: InvocationJob; location: InvocationLocation; fresh: boolean }> {
    const namespace = request.namespace || DEFAULT_NAMESPACE;
    const workload = await this.#function(namespace, request.name);
    const id = request.invocationId ?? invocationIdFor(namespace, request.name, request.idempotencyKey);
    const chosen = request.invocationId !== undefined || !!request.idempotencyKey;
    if (chosen) {
      const location = await this.#queues.locate(id);
      const existing = location && (await this.#queues.queue(location).getJob(id));
      if (location && existing) {
        this.#emit({ ...location, invocationId: id, created: false });
        return { job: existing, location, fresh: false };
      }
    }
    return { ...(await this.#add(workload, { ...request, namespace }, id)), fresh: !chosen };
  }

  async #add(workload: Workload, request: InvokeRequest, id: string): Promise<{ job: InvocationJob; location: InvocationLocation }> {
    const { namespace, name } = workload.metadata;
    const revision = await this.#route(workload, id);
    const location = { namespace, name, revision };
    const settings = await this.#revisionSettings(workload, revision);
    const payload: InvocationPayload = {
      invocationId: id,
      namespace,
      name,
      revision,
      input: request.input ?? null,
      trigger: request.trigger,
      acceptedAt: new Date().toISOString(),
      timeoutMs: settings.timeoutMs,
      ...(request.idempotencyKey ? { idempotencyKey: request.idempotencyKey } : {}),
    };
    // Opened before the add, so completions of this queue reach the stats from the first job on.
    await this.#queues.events(location);
    // The index write and the add go out together (one round trip of latency, not two); the
    // index is written in the same batch as other invocations accepted meanwhile.
    // A job id that exists already (a concurrent duplicate) returns that job: no second run.
    const [, job] = await Promise.all([
      this.#queues.index(id, location),
      this.#queues.queue(location).add('invoke', payload, invocationJobOptions(settings.retry, id)),
    ]);
    this.#emit({ ...location, invocationId: id, created: true });
    return { job, location };
  }

  async #function(namespace: string, name: string): Promise<Workload> {
    if (!name) throw new InvalidArgumentError('invalid request', [{ path: 'name', message: 'required' }]);
    const workload = await this.#store.get<Workload>(WORKLOAD_KIND, namespace || DEFAULT_NAMESPACE, name);
    if (workload.spec.runtime !== 'function') {
      throw new FailedPreconditionError(`workload ${namespace}/${name} has runtime ${workload.spec.runtime}, not function; only functions can be invoked`);
    }
    return workload;
  }

  /** The routed revision; waits a little for the reconciler when the function has none yet. */
  async #route(workload: Workload, id: string): Promise<number> {
    let current = workload;
    const until = Date.now() + this.#revisionWaitMs;
    for (;;) {
      const revision = routeRevision(current.status, id);
      if (revision !== undefined) return revision;
      if (Date.now() >= until) break;
      await sleep(100);
      current = await this.#function(workload.metadata.namespace, workload.metadata.name);
    }
    throw new UnavailableError(
      `function ${workload.metadata.namespace}/${workload.metadata.name} has no revision yet (is the reconciler running?); retry shortly`,
    );
  }

  async #revisionSettings(workload: Workload, revision: number): Promise<RevisionSettings> {
    const { namespace, name, uid } = workload.metadata;
    const key = `${uid ?? ''}/${namespace}/${name}@${revision}`;
    const cached = this.#settings.get(key);
    if (cached) return cached;
    let fn = workload.spec.function;
    let immutable = false;
    try {
      const object = await this.#store.get<RevisionObject>(REVISION_KIND, namespace, revisionName(name, revision));
      if (object.spec.template.function) {
        fn = object.spec.template.function;
        immutable = true;
      }
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
    const settings: RevisionSettings = {
      retry: fn?.retry ?? { attempts: 3, backoff: 'exponential', delaySeconds: 1 },
      timeoutMs: (fn?.timeoutSeconds ?? 30) * 1000,
    };
    if (immutable) this.#settings.set(key, settings);
    return settings;
  }

  async #revisionNumbers(workload: Workload): Promise<number[]> {
    const { namespace, name } = workload.metadata;
    const { items } = await this.#store.list<RevisionObject>(REVISION_KIND, { namespace, labelSelector: `${WORKLOAD_LABEL}=${name}` });
    const numbers = new Set(items.filter((r) => r.spec.workload === name).map((r) => r.spec.revision));
    if (workload.status?.revision) numbers.add(workload.status.revision);
    return [...numbers].sort((a, b) => b - a);
  }

  async #findJob(id: string): Promise<InvocationJob> {
    if (!id) throw new InvalidArgumentError('invalid request', [{ path: 'id', message: 'required' }]);
    const location = await this.#queues.locate(id);
    const job = location && (await this.#queues.queue(location).getJob(id));
    if (!job) throw new NotFoundError(`invocation ${id} not found`);
    return job;
  }

  /** Re-reads the job (and its state, unless known) so the view is current. */
  async #view(job: InvocationJob, knownState?: string): Promise<Invocation> {
    const fresh = (await this.#queues.queue(job.data).getJob(job.id!)) ?? job;
    return invocationFromJob(fresh as InvocationJobView, knownState ?? (await fresh.getState()));
  }

  #emit(event: InvocationEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // A subscriber's failure is its own; the invocation is accepted either way.
      }
    }
  }
}

function parseStateFilter(state: string | undefined): InvocationState | undefined {
  if (!state) return undefined;
  if ((INVOCATION_STATES as readonly string[]).includes(state)) return state as InvocationState;
  throw new InvalidArgumentError('invalid request', [{ path: 'state', message: `must be one of ${INVOCATION_STATES.join(', ')}` }]);
}

function parsePageToken(token: string | undefined): number {
  if (!token) return 0;
  const n = Number(token);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('invalid request', [{ path: 'page_token', message: 'not a token this server issued' }]);
  return n;
}
