import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { encodeFrame, FrameDecoder, type RequestFrame, type ResponseFrame } from '../host/frame-codec.mjs';
import { shortSocketPath } from './short-socket-path.js';

/** The host's socket could not be reached, or it went away before answering. */
export class HostUnavailableError extends Error {
  override readonly name = 'HostUnavailableError';
  constructor(message: string, readonly sent: boolean) {
    super(message);
  }
}

interface Pending {
  resolve: (frame: ResponseFrame) => void;
  reject: (err: Error) => void;
}

/**
 * The driver's end of one function host's socket: one connection, opened on first use and
 * reopened after it drops, carrying any number of concurrent requests matched by `id`.
 */
export class HostClient {
  private socket: Socket | undefined;
  private connecting: Promise<Socket> | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly socketPath: string) {}

  /**
   * Sends one request and resolves with its response.
   * @throws HostUnavailableError when the host cannot be reached (`sent: false`) or the
   * connection dropped while it ran (`sent: true`).
   */
  async call(request: Omit<RequestFrame, 'id'>): Promise<ResponseFrame> {
    const socket = await this.connection();
    // It may have dropped between connecting and now: nothing was sent.
    if (socket.destroyed) throw new HostUnavailableError('the function host closed the connection', false);
    const id = this.nextId++;
    return new Promise<ResponseFrame>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      socket.write(encodeFrame({ ...request, id }));
    });
  }

  /** Drops the connection; pending calls fail. */
  close(): void {
    this.closed = true;
    this.socket?.destroy();
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const w of waiting) w.reject(new HostUnavailableError('the instance is closing', true));
  }

  private connection(): Promise<Socket> {
    if (this.closed) return Promise.reject(new HostUnavailableError('the instance is closing', false));
    if (this.socket && !this.socket.destroyed) return Promise.resolve(this.socket);
    this.connecting ??= new Promise<Socket>((resolve, reject) => {
      const socket = connect(shortSocketPath(this.socketPath));
      const decoder = new FrameDecoder();
      socket.once('connect', () => {
        this.socket = socket;
        this.connecting = undefined;
        resolve(socket);
      });
      socket.on('data', (chunk: Buffer) => {
        let frames;
        try {
          frames = decoder.push(chunk);
        } catch {
          socket.destroy();
          return;
        }
        for (const frame of frames as unknown as ResponseFrame[]) {
          const waiter = this.pending.get(frame.id);
          this.pending.delete(frame.id);
          waiter?.resolve(frame);
        }
      });
      socket.on('error', (err) => {
        if (this.connecting && this.socket !== socket) {
          this.connecting = undefined;
          reject(new HostUnavailableError(`cannot reach the function host: ${err.message}`, false));
        }
      });
      socket.on('close', () => {
        if (this.socket === socket) this.socket = undefined;
        const waiting = [...this.pending.values()];
        this.pending.clear();
        for (const w of waiting) w.reject(new HostUnavailableError('the function host went away during the invocation', true));
      });
    });
    return this.connecting;
  }
}

/** One readiness probe: connects, pings, disconnects. */
export async function pingHost(socketPath: string, signal: AbortSignal): Promise<ResponseFrame> {
  const client = new HostClient(socketPath);
  const onAbort = () => client.close();
  signal.addEventListener('abort', onAbort);
  try {
    return await client.call({ ping: true, invocationId: '', input: null, timeoutMs: 0, attempt: 0 });
  } finally {
    signal.removeEventListener('abort', onAbort);
    client.close();
  }
}

/** Back-off between the pings of {@link waitForHost}: doubling from `firstMs`, capped at `maxMs`. */
export interface HostWaitBackoff {
  /** @defaultValue 10 */
  firstMs?: number;
  /** @defaultValue 50 */
  maxMs?: number;
}

/**
 * Pings until the host answers: while its socket is missing or refuses connections (a host
 * still starting), pings again after a short back-off, until `signal` aborts. A host that
 * accepts the connection but fails or drops the ping settles at once.
 * @throws HostUnavailableError of the last attempt when `signal` aborts first.
 */
export async function waitForHost(socketPath: string, signal: AbortSignal, backoff: HostWaitBackoff = {}): Promise<ResponseFrame> {
  const maxMs = backoff.maxMs ?? 50;
  let delay = backoff.firstMs ?? 10;
  for (;;) {
    try {
      return await pingHost(socketPath, signal);
    } catch (err) {
      if (!(err instanceof HostUnavailableError) || err.sent || signal.aborted) throw err;
      try {
        await sleep(delay, undefined, { signal });
      } catch {
        throw err;
      }
      delay = Math.min(maxMs, delay * 2);
    }
  }
}
