import { loadPackageDefinition, Metadata, type CallOptions, type ClientUnaryCall, type ServiceError } from '@grpc/grpc-js';
import { DeadlineExceededError, workloadFromServer, workloadToProto, type Workload } from '@mosaic/api';
import { loadMosaicPackageDefinition, type FunctionProtoGrpcType, type MosaicProtoGrpcType, type NodeProtoGrpcType, type pb, type RolloutProtoGrpcType } from '@mosaic/proto';
import type { Invocation, InvocationPage, InvokeOptions, ListInvocationsOptions } from './function-types.js';
import { invocationFromServer } from './internal/invocation-from-server.js';
import { historyFromServer, rolloutViewFromServer } from './internal/rollout-from-server.js';
import type { RevisionChangeResult, RolloutCommandResult, RolloutHistoryEntry, RolloutPreview, RolloutView } from './rollout-types.js';
import { statusToError } from './status-to-error.js';
import { callWithRetry } from './internal/call-with-retry.js';
import { channelCredentials, channelOptions } from './internal/channel-setup.js';
import { healthCheck, type ServingStatus } from './internal/health-check.js';
import { logStream } from './internal/log-stream.js';
import { parsePrometheusText } from './internal/prometheus-text.js';
import { nodeFromServer } from './internal/node-from-server.js';
import { resumingWatch } from './internal/resuming-watch.js';
import { DEFAULT_DEADLINE_MS, DEFAULT_RETRY, type MosaicClientOptions, type ResolvedRetryOptions } from './mosaic-client-options.js';
import type {
  ApplyOptions,
  ApplyOutcome,
  ApplyResult,
  DeleteOptions,
  ListAllOptions,
  ListOptions,
  ListResult,
  RequestOptions,
  WatchEvent,
  WatchOptions,
  WorkloadInput,
} from './mosaic-client-types.js';
import type { ListNodesOptions, LogChunk, LogsOptions, NodeView, ProbeOutput, ProbeOutputOptions } from './node-types.js';

type Callback<Res> = (err: ServiceError | null, value?: Res) => void;
type UnaryMethod<Req, Res> = (req: Req, md: Metadata, opts: CallOptions, cb: Callback<Res>) => ClientUnaryCall;

/**
 * A typed client of the Mosaic control plane (mosaic.v1.WorkloadService). One instance
 * holds one channel; share it, and `close()` it when done.
 *
 * Every failure is a Mosaic error class (NotFoundError, ConflictError, …; see the
 * `is*` guards): the gRPC status never leaks as a bare number.
 */
export class MosaicClient {
  readonly address: string;
  readonly #grpc: pb.WorkloadServiceClient;
  readonly #nodes: pb.NodeServiceClient;
  readonly #logs: pb.LogServiceClient;
  readonly #functions: pb.FunctionServiceClient;
  readonly #rollouts: pb.RolloutServiceClient;
  readonly #deadlineMs: number;
  readonly #retry: ResolvedRetryOptions;
  readonly #watchMaxReconnects: number;
  readonly #token: string | undefined;
  /** Aborted by close(), so open watches end instead of reconnecting to a closed channel. */
  readonly #closed = new AbortController();

  constructor(options: MosaicClientOptions) {
    this.address = options.address;
    this.#deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
    this.#retry = { ...DEFAULT_RETRY, ...options.retry };
    this.#watchMaxReconnects = options.watchMaxReconnects ?? Infinity;
    this.#token = options.token;
    const proto = loadPackageDefinition(loadMosaicPackageDefinition()) as unknown as MosaicProtoGrpcType;
    const Service = proto.mosaic.v1.WorkloadService;
    this.#grpc = new Service(options.address, channelCredentials(options), channelOptions(options, this.#retry));
    // NodeService and LogService share the one channel.
    const nodeProto = proto as unknown as NodeProtoGrpcType;
    const shared = { channelOverride: this.#grpc.getChannel() };
    this.#nodes = new nodeProto.mosaic.v1.NodeService(options.address, channelCredentials(options), shared);
    this.#logs = new nodeProto.mosaic.v1.LogService(options.address, channelCredentials(options), shared);
    this.#functions = new (proto as unknown as FunctionProtoGrpcType).mosaic.v1.FunctionService(options.address, channelCredentials(options), shared);
    this.#rollouts = new (proto as unknown as RolloutProtoGrpcType).mosaic.v1.RolloutService(options.address, channelCredentials(options), shared);
  }

  /** Creates or updates a workload (server-side defaults and validation apply). */
  async apply(workload: Workload | WorkloadInput, options: ApplyOptions = {}): Promise<ApplyResult> {
    const request: pb.ApplyRequest = {
      workload: workloadToProto(workload as Workload),
      dryRun: options.dryRun ?? false,
      createOnly: options.createOnly ?? false,
    };
    const res = await this.#unary<pb.ApplyRequest, pb.ApplyResponse__Output>((r, m, o, cb) => this.#grpc.apply(r, m, o, cb), request, options);
    return { workload: workloadFromServer(res.workload!), result: res.result as ApplyOutcome };
  }

  /** Reads one workload. @throws NotFoundError */
  async get(namespace: string, name: string, options: RequestOptions = {}): Promise<Workload> {
    const res = await this.#unary<pb.GetRequest, pb.Workload__Output>((r, m, o, cb) => this.#grpc.get(r, m, o, cb), { namespace, name }, options);
    return workloadFromServer(res);
  }

  /** Reads one page of workloads. */
  async list(options: ListOptions = {}): Promise<ListResult> {
    const request: pb.ListRequest = {
      namespace: options.namespace ?? '',
      labelSelector: options.labelSelector ?? '',
      runtime: options.runtime ?? '',
      limit: options.limit ?? 0,
      continueToken: options.continueToken ?? '',
    };
    const res = await this.#unary<pb.ListRequest, pb.ListResponse__Output>((r, m, o, cb) => this.#grpc.list(r, m, o, cb), request, options);
    const page: ListResult = { items: (res.items ?? []).map(workloadFromServer), resourceVersion: res.resourceVersion ?? '' };
    if (res.continueToken) page.continueToken = res.continueToken;
    return page;
  }

  /**
   * Reads every page. The returned resourceVersion is the first page's: watching from it
   * may repeat a change made while paging, but never misses one.
   */
  async listAll(options: ListAllOptions = {}): Promise<{ items: Workload[]; resourceVersion: string }> {
    const { pageSize = 500, ...rest } = options;
    const items: Workload[] = [];
    let resourceVersion: string | undefined;
    let continueToken: string | undefined;
    do {
      const page = await this.list({ ...rest, limit: pageSize, ...(continueToken ? { continueToken } : {}) });
      items.push(...page.items);
      resourceVersion ??= page.resourceVersion;
      continueToken = page.continueToken;
    } while (continueToken);
    return { items, resourceVersion: resourceVersion ?? '' };
  }

  /** Deletes a workload and returns it as deleted (or now terminating). @throws NotFoundError, ConflictError */
  async delete(namespace: string, name: string, options: DeleteOptions = {}): Promise<Workload> {
    const request: pb.DeleteRequest = { namespace, name, resourceVersion: options.resourceVersion ?? '', dryRun: options.dryRun ?? false };
    const res = await this.#unary<pb.DeleteRequest, pb.DeleteResponse__Output>((r, m, o, cb) => this.#grpc.delete(r, m, o, cb), request, options);
    return workloadFromServer(res.workload!);
  }

  /**
   * Streams changes as an async iterator. It reconnects by itself (backoff, then resume
   * after the last revision seen), so a server restart costs no events and repeats none.
   * Ends when `signal` aborts, the loop breaks, or the client closes.
   * @throws RevisionCompactedError when `resourceVersion` is older than the server's history.
   */
  watch(options: WatchOptions = {}): AsyncGenerator<WatchEvent, void, undefined> {
    const signal = options.signal ? AbortSignal.any([options.signal, this.#closed.signal]) : this.#closed.signal;
    const request = (resourceVersion: string): pb.WatchRequest => ({
      namespace: options.namespace ?? '',
      labelSelector: options.labelSelector ?? '',
      runtime: options.runtime ?? '',
      resourceVersion,
      bookmarkIntervalSeconds: options.bookmarkIntervalSeconds ?? 0,
    });
    return resumingWatch(options.resourceVersion ?? '', {
      open: (rv) => this.#grpc.watch(request(rv), this.#metadata()),
      retry: this.#retry,
      maxReconnects: this.#watchMaxReconnects,
      signal,
    });
  }

  /** Lists the nodes agents registered, each with what its instances request of it. */
  async listNodes(options: ListNodesOptions = {}): Promise<{ items: NodeView[]; resourceVersion: string }> {
    const request: pb.ListNodesRequest = { labelSelector: options.labelSelector ?? '' };
    const res = await this.#unary<pb.ListNodesRequest, pb.ListNodesResponse__Output>((r, m, o, cb) => this.#nodes.list(r, m, o, cb), request, options);
    return { items: (res.items ?? []).map(nodeFromServer), resourceVersion: res.resourceVersion ?? '' };
  }

  /** Reads one node. @throws NotFoundError */
  async getNode(name: string, options: RequestOptions = {}): Promise<NodeView> {
    return nodeFromServer(await this.#unary<pb.GetNodeRequest, pb.Node__Output>((r, m, o, cb) => this.#nodes.get(r, m, o, cb), { name }, options));
  }

  /**
   * Streams the output of a workload's instances (or of one instance), relayed from the
   * agents that run them. With `follow`, it lasts until the instances end or `signal` aborts.
   * @throws NotFoundError, UnavailableError (the node's agent is not connected), InvalidArgumentError
   */
  logs(options: LogsOptions): AsyncGenerator<LogChunk, void, undefined> {
    const request: pb.TailLogsRequest = {
      namespace: options.namespace ?? '',
      workload: options.workload ?? '',
      instance: options.instance ?? '',
      follow: options.follow ?? false,
      ...(options.tailBytes !== undefined ? { tailBytes: options.tailBytes } : {}),
      ...(options.tailLines !== undefined ? { tailLines: options.tailLines } : {}),
    };
    const signal = options.signal ? AbortSignal.any([options.signal, this.#closed.signal]) : this.#closed.signal;
    return logStream(this.#logs.tail(request, this.#metadata()), signal);
  }

  /**
   * The latest metric values of every instance of a workload (a probe's map values), one
   * entry per instance, read by each node's agent at call time and relayed over its stream
   * (LogService.Tail with `metrics`; the control plane stores none of it).
   * @throws NotFoundError (no such workload, or no instances yet), InvalidArgumentError
   */
  async probeOutput(options: ProbeOutputOptions): Promise<ProbeOutput[]> {
    const request: pb.TailLogsRequest = { namespace: options.namespace ?? '', workload: options.workload, metrics: true };
    const deadline = AbortSignal.timeout(this.#deadlineMs);
    const signal = AbortSignal.any([deadline, this.#closed.signal, ...(options.signal ? [options.signal] : [])]);
    const texts = new Map<string, { node: string; text: string }>();
    for await (const chunk of logStream(this.#logs.tail(request, this.#metadata()), signal)) {
      const seen = texts.get(chunk.instance) ?? { node: chunk.node, text: '' };
      seen.text += chunk.data;
      texts.set(chunk.instance, seen);
    }
    if (deadline.aborted) throw new DeadlineExceededError(`probe output of ${options.workload}: no answer within ${this.#deadlineMs} ms`);
    return [...texts]
      .map(([instance, { node, text }]) => {
        const error = /^# mosaic-error: (.*)$/m.exec(text)?.[1];
        return { instance, node, samples: parsePrometheusText(text), ...(error ? { error } : {}) };
      })
      .sort((a, b) => a.node.localeCompare(b.node) || a.instance.localeCompare(b.instance));
  }

  /**
   * Runs a function and waits for its result within the deadline. A handler that fails every
   * attempt is not an exception: the invocation comes back `dead-lettered` with `error` set.
   * @throws NotFoundError, FailedPreconditionError (not a function), InvalidArgumentError,
   *   UnavailableError, DeadlineExceededError (its message names the invocation id, which keeps running)
   */
  async invoke<Output = unknown>(name: string, input?: unknown, options: InvokeOptions = {}): Promise<Invocation<Output>> {
    const request = invokeRequest(name, input, options);
    const res = await this.#unary<pb.InvokeRequest, pb.Invocation__Output>((r, m, o, cb) => this.#functions.invoke(r, m, o, cb), request, options);
    return invocationFromServer(res) as Invocation<Output>;
  }

  /** Accepts an invocation and returns at once (state `queued`); follow it with `getInvocation`. */
  async invokeAsync(name: string, input?: unknown, options: InvokeOptions = {}): Promise<Invocation> {
    const request = invokeRequest(name, input, options);
    return invocationFromServer(await this.#unary<pb.InvokeRequest, pb.Invocation__Output>((r, m, o, cb) => this.#functions.invokeAsync(r, m, o, cb), request, options));
  }

  /** Reads one invocation by id. @throws NotFoundError */
  async getInvocation(id: string, options: RequestOptions = {}): Promise<Invocation> {
    return invocationFromServer(await this.#unary<pb.GetInvocationRequest, pb.Invocation__Output>((r, m, o, cb) => this.#functions.getInvocation(r, m, o, cb), { id }, options));
  }

  /** One page of a function's invocations, newest first. @throws NotFoundError, InvalidArgumentError */
  async listInvocations(name: string, options: ListInvocationsOptions = {}): Promise<InvocationPage> {
    const request: pb.ListInvocationsRequest = {
      namespace: options.namespace ?? '',
      name,
      state: options.state ?? '',
      limit: options.limit ?? 0,
      pageToken: options.pageToken ?? '',
    };
    const res = await this.#unary<pb.ListInvocationsRequest, pb.ListInvocationsResponse__Output>((r, m, o, cb) => this.#functions.listInvocations(r, m, o, cb), request, options);
    const page: InvocationPage = { items: (res.items ?? []).map(invocationFromServer) };
    if (res.nextPageToken) page.nextPageToken = res.nextPageToken;
    return page;
  }

  /** Replays a dead-lettered invocation (same id, attempts reset). @throws NotFoundError, FailedPreconditionError */
  async retryInvocation(id: string, options: RequestOptions = {}): Promise<Invocation> {
    return invocationFromServer(await this.#unary<pb.RetryInvocationRequest, pb.Invocation__Output>((r, m, o, cb) => this.#functions.retryInvocation(r, m, o, cb), { id }, options));
  }

  /** Asks the standard gRPC health service whether the server is serving (no retries). */
  async checkHealth(options: RequestOptions = {}): Promise<ServingStatus> {
    const deadline = Date.now() + (options.deadlineMs ?? this.#deadlineMs);
    return callWithRetry(() => healthCheck(this.#grpc, this.#metadata(), { deadline }), {
      retry: { ...this.#retry, maxAttempts: 1 },
      deadline,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  }

  /** A workload's rollout: controller state, steps, instances per revision. @throws NotFoundError */
  async getRollout(namespace: string, name: string, options: RequestOptions = {}): Promise<RolloutView> {
    return rolloutViewFromServer(await this.#unary<pb.RolloutRequest, pb.RolloutView__Output>((r, m, o, cb) => this.#rollouts.getRollout(r, m, o, cb), { namespace, name }, options));
  }

  /** The rollout view now, then each time it changes, until `signal` aborts or the client closes. */
  async *watchRollout(namespace: string, name: string, options: { signal?: AbortSignal } = {}): AsyncGenerator<RolloutView, void, undefined> {
    const call = this.#rollouts.watchRollout({ namespace, name }, this.#metadata());
    const signal = AbortSignal.any([this.#closed.signal, ...(options.signal ? [options.signal] : [])]);
    const cancel = () => call.cancel();
    signal.addEventListener('abort', cancel, { once: true });
    try {
      for await (const view of call as AsyncIterable<pb.RolloutView__Output>) yield rolloutViewFromServer(view);
    } catch (err) {
      if (signal.aborted) return;
      throw statusToError(err as ServiceError);
    } finally {
      signal.removeEventListener('abort', cancel);
      call.cancel();
    }
  }

  /** Pauses the rollout in progress. @throws NotFoundError, FailedPreconditionError (nothing to pause) */
  pauseRollout(namespace: string, name: string, options: RequestOptions = {}): Promise<RolloutCommandResult> {
    return this.#command((r, m, o, cb) => this.#rollouts.pause(r, m, o, cb), namespace, name, options);
  }

  /** Resumes after `pauseRollout`. @throws FailedPreconditionError when not paused by an operator */
  resumeRollout(namespace: string, name: string, options: RequestOptions = {}): Promise<RolloutCommandResult> {
    return this.#command((r, m, o, cb) => this.#rollouts.resume(r, m, o, cb), namespace, name, options);
  }

  /** Skips the current pause or step; `full`: straight to 100%. @throws FailedPreconditionError with nothing in progress */
  async promoteRollout(namespace: string, name: string, options: RequestOptions & { full?: boolean } = {}): Promise<RolloutCommandResult> {
    const res = await this.#unary<pb.PromoteRequest, pb.RolloutCommandResponse__Output>((r, m, o, cb) => this.#rollouts.promote(r, m, o, cb), { namespace, name, full: options.full ?? false }, options);
    return { seq: Number(res.seq ?? 0), message: res.message ?? '' };
  }

  /** Aborts the rollout in progress: the stable revision is restored. */
  abortRollout(namespace: string, name: string, options: RequestOptions = {}): Promise<RolloutCommandResult> {
    return this.#command((r, m, o, cb) => this.#rollouts.abort(r, m, o, cb), namespace, name, options);
  }

  /** Starts an aborted (or degraded) rollout over from its first step. */
  retryRollout(namespace: string, name: string, options: RequestOptions = {}): Promise<RolloutCommandResult> {
    return this.#command((r, m, o, cb) => this.#rollouts.retry(r, m, o, cb), namespace, name, options);
  }

  /**
   * Rolls revision `toRevision`'s spec out as a new revision (0: the one before the current).
   * @throws NotFoundError (pruned revision), FailedPreconditionError
   */
  async undoRollout(namespace: string, name: string, toRevision = 0, options: RequestOptions = {}): Promise<RevisionChangeResult> {
    const res = await this.#unary<pb.UndoRequest, pb.RevisionChangeResponse__Output>((r, m, o, cb) => this.#rollouts.undo(r, m, o, cb), { namespace, name, toRevision }, options);
    return { revision: Number(res.revision ?? 0), message: res.message ?? '' };
  }

  /** A new revision with the same spec: every instance is replaced through the rollout. */
  async restartRollout(namespace: string, name: string, options: RequestOptions = {}): Promise<RevisionChangeResult> {
    const res = await this.#unary<pb.RolloutCommandRequest, pb.RevisionChangeResponse__Output>((r, m, o, cb) => this.#rollouts.restart(r, m, o, cb), { namespace, name }, options);
    return { revision: Number(res.revision ?? 0), message: res.message ?? '' };
  }

  /** Revisions with their change cause, oldest first. */
  async rolloutHistory(namespace: string, name: string, options: RequestOptions = {}): Promise<RolloutHistoryEntry[]> {
    return historyFromServer(await this.#unary<pb.RolloutRequest, pb.HistoryResponse__Output>((r, m, o, cb) => this.#rollouts.history(r, m, o, cb), { namespace, name }, options));
  }

  /** What applying `workload` would make its rollout do: revision, steps, nodes. Writes nothing. */
  async previewRollout(workload: Workload | WorkloadInput, options: RequestOptions = {}): Promise<RolloutPreview> {
    const res = await this.#unary<pb.PreviewRolloutRequest, pb.RolloutPreview__Output>((r, m, o, cb) => this.#rollouts.previewRollout(r, m, o, cb), { workload: workloadToProto(workload as Workload) }, options);
    return {
      revision: Number(res.revision ?? 0),
      revisionChange: (res.revisionChange ?? 'new') as RolloutPreview['revisionChange'],
      stableRevision: Number(res.stableRevision ?? 0),
      strategy: res.strategy ?? '',
      steps: res.steps ?? [],
      nodeOrder: res.nodeOrder ?? [],
      summary: res.summary ?? '',
    };
  }

  async #command(method: UnaryMethod<pb.RolloutCommandRequest, pb.RolloutCommandResponse__Output>, namespace: string, name: string, options: RequestOptions): Promise<RolloutCommandResult> {
    const res = await this.#unary(method, { namespace, name }, options);
    return { seq: Number(res.seq ?? 0), message: res.message ?? '' };
  }

  /** Ends open watches and closes the channel. */
  close(): void {
    this.#closed.abort();
    this.#grpc.close(); // also the channel NodeService and LogService share
  }

  #metadata(): Metadata {
    const md = new Metadata();
    if (this.#token) md.set('authorization', `Bearer ${this.#token}`);
    return md;
  }

  #unary<Req, Res>(method: UnaryMethod<Req, Res>, request: Req, options: RequestOptions): Promise<Res> {
    const deadline = Date.now() + (options.deadlineMs ?? this.#deadlineMs);
    const { signal } = options;
    const attempt = (d: number) =>
      new Promise<Res>((resolve, reject) => {
        const call = method(request, this.#metadata(), { deadline: d }, (err, value) => {
          signal?.removeEventListener('abort', cancel);
          if (err) reject(err);
          else resolve(value as Res);
        });
        const cancel = () => call.cancel();
        signal?.addEventListener('abort', cancel, { once: true });
      });
    return callWithRetry(attempt, { retry: this.#retry, deadline, ...(signal ? { signal } : {}) });
  }
}

function invokeRequest(name: string, input: unknown, options: InvokeOptions): pb.InvokeRequest {
  return {
    namespace: options.namespace ?? '',
    name,
    input: input === undefined ? '' : JSON.stringify(input),
    idempotencyKey: options.idempotencyKey ?? '',
  };
}
