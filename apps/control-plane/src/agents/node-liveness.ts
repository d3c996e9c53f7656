import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { NodeWriter } from './node-writer.js';

export interface NodeLivenessOptions {
  /** No message from a node's agent for this long makes the node NotReady. */
  timeoutMs: number;
  /** Heartbeats are written to the store at most this often per node (they only move lastHeartbeatTime). */
  writeIntervalMs: number;
  /**
   * After a start, how long a node that was Ready has to reconnect before it is judged
   * (at least `timeoutMs`): agents retry with back-off, so the first reconnect may come some
   * seconds after the control plane is back.
   */
  restartGraceMs: number;
  log: Logger;
}

/**
 * Decides when a node is NotReady. Liveness is tracked in memory (any message of the node's
 * agent counts) and only *changes* are written, plus a throttled lastHeartbeatTime, so a
 * heartbeat costs a map update and, every few seconds, one status write.
 *
 * After a control-plane restart every node that was Ready gets `restartGraceMs` to reconnect
 * before it is declared NotReady: agents reconnect within their back-off, and a restart must
 * not make the reconciler reschedule healthy nodes.
 */
export class NodeLiveness {
  /** performance.now() of the last message, per node we believe Ready. */
  private readonly lastSeen = new Map<string, number>();
  private readonly lastWrite = new Map<string, number>();
  private readonly notReady = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;

  constructor(
    private readonly writer: NodeWriter,
    private readonly options: NodeLivenessOptions,
  ) {}

  /** Starts the grace period of every Ready node and the periodic check. */
  async start(): Promise<void> {
    // "Seen" slightly in the future, so the ordinary timeout check gives exactly the grace.
    const graceStart = performance.now() + Math.max(0, this.options.restartGraceMs - this.options.timeoutMs);
    for (const node of await this.writer.list()) {
      if (node.status?.state === 'Ready') this.lastSeen.set(node.metadata.name, graceStart);
      else this.notReady.add(node.metadata.name);
    }
    const every = Math.max(50, Math.min(1000, Math.floor(this.options.timeoutMs / 4)));
    this.timer = setInterval(() => void (this.ticking ??= this.tick().finally(() => (this.ticking = undefined))), every);
    this.timer.unref();
  }

  /** A registration just wrote the node as Ready. */
  registered(name: string): void {
    const now = performance.now();
    this.lastSeen.set(name, now);
    this.lastWrite.set(name, now);
    this.notReady.delete(name);
  }

  /** Any message from the node's agent: it is alive. Writes when due or when it was NotReady. */
  async heartbeat(name: string): Promise<void> {
    const now = performance.now();
    this.lastSeen.set(name, now);
    const due = now - (this.lastWrite.get(name) ?? 0) >= this.options.writeIntervalMs;
    if (!due && !this.notReady.has(name)) return;
    this.lastWrite.set(name, now);
    const wasNotReady = this.notReady.delete(name);
    await this.writer.heartbeat(name, new Date());
    if (wasNotReady) this.options.log.info({ node: name }, 'node is Ready again');
  }

  /** Stops checking. Nodes keep their state: the next control plane judges them. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.ticking;
  }

  private async tick(): Promise<void> {
    const now = performance.now();
    for (const [name, seen] of this.lastSeen) {
      if (now - seen <= this.options.timeoutMs) continue;
      this.lastSeen.delete(name);
      this.notReady.add(name);
      const seconds = Math.round(this.options.timeoutMs / 100) / 10;
      try {
        await this.writer.markNotReady(name, `no heartbeat from the node's agent for ${seconds}s`, new Date());
        this.options.log.warn({ node: name, timeoutSeconds: seconds }, 'node missed its heartbeats; NotReady');
      } catch (err) {
        // Put it back so the next tick tries again.
        this.lastSeen.set(name, seen);
        this.notReady.delete(name);
        this.options.log.error({ err, node: name }, 'cannot mark node NotReady');
      }
    }
  }
}
