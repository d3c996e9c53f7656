import { status as GrpcStatus, type ServerDuplexStream } from '@grpc/grpc-js';
import { InvalidArgumentError, UnavailableError, type NodeObject } from '@mosaic/api';
import type { pb } from '@mosaic/proto';
import type { Store } from '@mosaic/store';
import type { Logger } from 'pino';
import type { CallTracker } from '../grpc/call-tracker.js';
import { toGrpcStatus, type GrpcErrorStatus } from '../grpc/error-status.js';
import { assertWellFormed } from '../grpc/strict-service.js';
import type { AgentHub, HubSession } from './agent-hub.js';
import { registrationFromProto, reportFromProto } from './agent-messages.js';
import { InstanceDelivery } from './instance-delivery.js';
import { LogRelay, type AgentLogRequest } from './log-relay.js';
import type { NodeLiveness } from './node-liveness.js';
import type { NodeWriter } from './node-writer.js';

export type AgentCall = ServerDuplexStream<pb.AgentMessage__Output, pb.ControlMessage>;

export interface AgentSessionDeps {
  store: Store;
  hub: AgentHub<AgentSession>;
  writer: NodeWriter;
  liveness: NodeLiveness;
  tracker: CallTracker;
  heartbeatIntervalMs: number;
  /** Redis of the queues, for the agents' function driver (undefined until the control plane has one). */
  redisUrl?: () => string | undefined;
  log: Logger;
}

/**
 * One agent's `Connect` stream, from its registration to its end. Messages are handled one at
 * a time, in order (the stream is paused meanwhile, so a flood of reports waits in the
 * transport, not in memory). The session never marks its node NotReady on its own: a dropped
 * connection is judged by the heartbeat timeout ({@link NodeLiveness}), which lets an agent
 * restart or reconnect without its instances being rescheduled.
 */
export class AgentSession implements HubSession {
  agentId = '';
  node = '';
  private readonly abort = new AbortController();
  private logs: LogRelay | undefined;
  private delivery: InstanceDelivery | undefined;
  private finished = false;
  private resolveClosed!: () => void;
  /** Resolves when the session has ended and its pending store writes are done. */
  readonly closed = new Promise<void>((resolve) => (this.resolveClosed = resolve));

  constructor(
    private readonly call: AgentCall,
    private readonly deps: AgentSessionDeps,
  ) {}

  /** Serves the stream until either side ends it. */
  start(): void {
    const { controller, release } = this.deps.tracker.watchSignal();
    // Control-plane shutdown: end with OK; the agent reconnects to the next one.
    const onShutdown = () => this.finish();
    void this.closed.then(() => {
      controller.signal.removeEventListener('abort', onShutdown);
      release();
    });
    if (controller.signal.aborted) return this.finish();
    controller.signal.addEventListener('abort', onShutdown, { once: true });

    this.call.on('data', (message: pb.AgentMessage__Output) => {
      this.call.pause();
      this.handle(message).then(
        () => this.finished || this.call.resume(),
        (err: unknown) => this.finish(toGrpcStatus(err, this.deps.log, 'AgentService/Connect')),
      );
    });
    this.call.on('end', () => this.finish());
    this.call.on('cancelled', () => this.finish());
    this.call.on('error', () => this.finish());
  }

  /** Streams an instance's output from the agent. */
  requestLogs(request: AgentLogRequest, signal: AbortSignal): AsyncIterable<string> {
    if (!this.logs) throw new UnavailableError(`the agent of node ${this.node} has not finished registering`);
    return this.logs.request(request, signal);
  }

  replace(): void {
    this.finish({ code: GrpcStatus.ABORTED, details: `replaced by a newer connection of agent ${this.agentId}` });
  }

  private async handle(raw: pb.AgentMessage__Output): Promise<void> {
    const message = assertWellFormed(raw);
    if (!this.delivery) {
      if (!message.register) throw new InvalidArgumentError('the first message of a Connect stream must be register');
      return this.register(message.register);
    }
    if (message.register) throw new InvalidArgumentError('register is only allowed as the first message of a stream');
    // Any message shows the agent is alive; the liveness monitor throttles the writes.
    await this.deps.liveness.heartbeat(this.node);
    if (message.report) this.delivery.report(reportFromProto(message.report));
    else if (message.log) this.logs?.deliver(message.log);
  }

  private async register(message: pb.RegisterNode__Output): Promise<void> {
    const reg = registrationFromProto(message);
    this.agentId = reg.agentId;
    this.node = reg.nodeName;
    this.deps.hub.claim(reg.nodeName, this);
    const node: NodeObject = await this.deps.writer.register(reg, new Date());
    this.deps.liveness.registered(reg.nodeName);
    const log = this.deps.log.child({ node: reg.nodeName });
    log.info({ agentId: reg.agentId, runtimes: node.status?.runtimes, instances: reg.instances.length }, 'agent registered');
    for (const r of reg.unavailableRuntimes) log.info({ runtime: r.name, reason: r.reason }, `runtime unavailable on this node: ${r.message}`);

    this.send({ registered: this.registered() });
    this.logs = new LogRelay((m) => this.send(m), reg.nodeName);
    this.delivery = new InstanceDelivery({ store: this.deps.store, node: reg.nodeName, send: (m) => this.send(m), log, signal: this.abort.signal });
    await this.delivery.start(reg.instances);
  }

  /** Sends `Registered` again so a registered agent learns the Redis URL that just became known. */
  announceRedisUrl(): void {
    if (this.delivery && !this.finished) this.send({ registered: this.registered() });
  }

  private registered(): pb.Registered {
    return { nodeName: this.node, heartbeatIntervalMs: this.deps.heartbeatIntervalMs, redisUrl: this.deps.redisUrl?.() ?? '' };
  }

  private send(message: pb.ControlMessage): void {
    if (!this.finished) this.call.write(message);
  }

  private finish(status?: GrpcErrorStatus): void {
    if (this.finished) return;
    this.finished = true;
    this.abort.abort();
    this.logs?.closeAll();
    if (this.node) this.deps.hub.release(this.node, this);
    if (!this.call.cancelled) {
      if (status) this.call.emit('error', status);
      else this.call.end();
    }
    if (status) this.deps.log.info({ node: this.node || undefined, code: GrpcStatus[status.code], details: status.details }, 'agent session ended');
    else this.deps.log.info({ node: this.node || undefined }, 'agent session ended');
    void (this.delivery?.stopped() ?? Promise.resolve()).finally(() => this.resolveClosed());
  }
}
