import { credentials, loadPackageDefinition, status as GrpcStatus, type ClientDuplexStream, type ServiceError } from '@grpc/grpc-js';
import { loadMosaicPackageDefinition, type AgentProtoGrpcType, type pb } from '@mosaic/proto';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Backoff } from './backoff.js';

type AgentStream = ClientDuplexStream<pb.AgentMessage, pb.ControlMessage__Output>;

export interface ControlConnectionOptions {
  /** `host:port` of the control plane. */
  address: string;
  /** Built afresh for every connect: it carries every instance held at that moment. */
  registration(): pb.RegisterNode;
  /**
   * The control plane accepted the registration — or, on a registered stream, sent `Registered`
   * again because something in it (the Redis URL) became known.
   */
  onRegistered(heartbeatIntervalMs: number, registered: pb.Registered__Output): void;
  /** Any message after `registered` (assign, stop, log requests). */
  onMessage(message: pb.ControlMessage__Output): void;
  /** The stream ended (whatever the reason); a reconnect follows unless stopping. */
  onDisconnected(): void;
  heartbeat(): pb.Heartbeat;
  backoff: Backoff;
  log: Logger;
}

/** How long a graceful stop waits for the control plane to close the stream. */
const CLOSE_GRACE_MS = 1000;

/**
 * The agent's one stream to the control plane, kept up for as long as the agent runs: connect,
 * register, heartbeat; on any failure or end, wait out the back-off and start over. Each
 * attempt uses a fresh channel (with its own subchannel pool), so the channel's own back-off
 * never delays a reconnect beyond ours. Keepalive pings notice a control plane that vanished
 * without closing the connection.
 */
export class ControlConnection {
  private stream: AgentStream | undefined;
  private isRegistered = false;
  private stopping = false;
  private readonly stopSignal = new AbortController();
  private looping: Promise<void> | undefined;
  private registeredWaiters: (() => void)[] = [];
  private sessionEnded: Promise<string> | undefined;

  constructor(private readonly o: ControlConnectionOptions) {}

  get registered(): boolean {
    return this.isRegistered;
  }

  start(): void {
    this.looping ??= this.loop();
  }

  /** Resolves the next time the agent is registered (at once when it is). */
  whenRegistered(): Promise<void> {
    if (this.isRegistered) return Promise.resolve();
    return new Promise((resolve) => this.registeredWaiters.push(resolve));
  }

  /** Sends when registered; false otherwise (the next registration carries the state anyway). */
  send(message: pb.AgentMessage): boolean {
    if (!this.isRegistered || !this.stream) return false;
    this.stream.write(message);
    return true;
  }

  /** Like {@link send}, but waits while the transport's buffer is full (log streaming). */
  async sendWithBackpressure(message: pb.AgentMessage, signal: AbortSignal): Promise<boolean> {
    const stream = this.stream;
    if (!this.isRegistered || !stream) return false;
    if (!stream.write(message)) await once(stream, 'drain', { signal });
    return true;
  }

  /** Half-closes the stream (the control plane ends the session) and stops reconnecting. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.stopSignal.abort();
    this.stream?.end();
    await Promise.race([this.sessionEnded, sleep(CLOSE_GRACE_MS, undefined, { ref: false })]);
    this.stream?.cancel();
    await this.looping;
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      const why = await (this.sessionEnded = this.session());
      if (this.stopping) return;
      const delay = this.o.backoff.next();
      this.o.log.warn({ server: this.o.address, reason: why, retryInMs: delay }, 'not connected to the control plane; retrying');
      try {
        await sleep(delay, undefined, { signal: this.stopSignal.signal });
      } catch {
        return; // stopping
      }
    }
  }

  /** One connection attempt; resolves with why it ended. */
  private session(): Promise<string> {
    const proto = loadPackageDefinition(loadMosaicPackageDefinition()) as unknown as AgentProtoGrpcType;
    const client = new proto.mosaic.v1.AgentService(this.o.address, credentials.createInsecure(), {
      'grpc.use_local_subchannel_pool': 1,
      'grpc.keepalive_time_ms': 20_000,
      'grpc.keepalive_timeout_ms': 10_000,
      'grpc.keepalive_permit_without_calls': 1,
    });
    const stream = client.connect();
    this.stream = stream;
    let heartbeat: NodeJS.Timeout | undefined;
    return new Promise<string>((resolve) => {
      let ended = false;
      const end = (why: string) => {
        if (ended) return;
        ended = true;
        if (heartbeat) clearInterval(heartbeat);
        const wasRegistered = this.isRegistered;
        this.isRegistered = false;
        this.stream = undefined;
        client.close();
        if (wasRegistered) this.o.onDisconnected();
        resolve(why);
      };
      stream.on('data', (message: pb.ControlMessage__Output) => {
        if (message.registered) {
          const interval = Math.max(50, message.registered.heartbeatIntervalMs ?? 5000);
          if (heartbeat) clearInterval(heartbeat);
          heartbeat = setInterval(() => this.send({ heartbeat: this.o.heartbeat() }), interval);
          this.isRegistered = true;
          this.o.backoff.reset();
          this.o.log.info({ server: this.o.address, heartbeatIntervalMs: interval }, 'registered with the control plane');
          this.o.onRegistered(interval, message.registered);
          for (const wake of this.registeredWaiters.splice(0)) wake();
          return;
        }
        if (this.isRegistered) this.o.onMessage(message);
      });
      stream.on('error', (err: ServiceError) => end(`${GrpcStatus[err.code] ?? err.code}: ${err.details || err.message}`));
      stream.on('end', () => end('the control plane ended the stream'));
      try {
        stream.write({ register: this.o.registration() });
      } catch (err) {
        stream.cancel();
        end(`cannot build the registration: ${(err as Error).message}`);
      }
    });
  }
}
