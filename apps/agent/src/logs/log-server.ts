import type { pb } from '@mosaic/proto';
import { renderPrometheus, type InstanceHandle, type MetricFamily } from '@mosaic/runtime';
import type { Logger } from 'pino';
import { lastLinesStart, pieces } from './tail-lines.js';

/** Characters per AgentLogChunk: well under gRPC's message limit, big enough to be cheap. */
const CHUNK_CHARS = 32 * 1024;

export interface LogServerOptions {
  /** The handle of an instance this agent holds. */
  handle(namespace: string, name: string): InstanceHandle | undefined;
  /** The instance's metrics, labelled as on `/metrics`; undefined when the agent does not hold it. */
  metrics(namespace: string, name: string): MetricFamily[] | undefined;
  /** Sends a chunk, waiting while the stream is full; false when disconnected. */
  send(chunk: pb.AgentLogChunk, signal: AbortSignal): Promise<boolean>;
  node: string;
  log: Logger;
}

/**
 * Serves the control plane's LogRequests from the instances' log files: the retained output
 * (or its tail), then with `follow` new output until the instance ends or the request is
 * cancelled. Every request ends with one chunk marked `end` (with an error when it failed).
 */
export class LogServer {
  private readonly open = new Map<string, AbortController>();

  constructor(private readonly o: LogServerOptions) {}

  serve(req: pb.LogRequest__Output): void {
    const requestId = req.requestId ?? '';
    const abort = new AbortController();
    this.open.get(requestId)?.abort();
    this.open.set(requestId, abort);
    void this.stream(req, requestId, abort.signal).finally(() => {
      if (this.open.get(requestId) === abort) this.open.delete(requestId);
    });
  }

  cancel(requestId: string): void {
    this.open.get(requestId)?.abort();
    this.open.delete(requestId);
  }

  /** The connection is gone: nobody is listening any more. */
  cancelAll(): void {
    for (const abort of this.open.values()) abort.abort();
    this.open.clear();
  }

  private async stream(req: pb.LogRequest__Output, requestId: string, signal: AbortSignal): Promise<void> {
    const namespace = req.namespace ?? '';
    const name = req.instanceId ?? '';
    if (req.metrics) {
      await this.metrics(namespace, name, requestId, signal);
      return;
    }
    const handle = this.o.handle(namespace, name);
    if (!handle) {
      await this.o.send({ requestId, end: true, errorCode: 'NOT_FOUND', error: `instance ${namespace}/${name} is not on node ${this.o.node}` }, signal);
      return;
    }
    try {
      const tailBytes = await this.tailBytes(handle, req);
      const output = handle.logs.read({ follow: req.follow === true, signal, ...(tailBytes !== undefined ? { tailBytes } : {}) });
      for await (const text of output) {
        for (const data of pieces(text, CHUNK_CHARS)) if (!(await this.o.send({ requestId, data }, signal))) return;
      }
      await this.o.send({ requestId, end: true }, signal);
    } catch (err) {
      if (signal.aborted) return; // cancelled: the control plane stopped listening
      this.o.log.warn({ err, instance: `${namespace}/${name}` }, 'cannot read instance logs');
      await this.o.send({ requestId, end: true, errorCode: 'INTERNAL', error: (err as Error).message }, signal).catch(() => false);
    }
  }

  /** A metrics request: the instance's current metrics as Prometheus text, then `end`. */
  private async metrics(namespace: string, name: string, requestId: string, signal: AbortSignal): Promise<void> {
    const families = this.o.metrics(namespace, name);
    if (!families) {
      await this.o.send({ requestId, end: true, errorCode: 'NOT_FOUND', error: `instance ${namespace}/${name} is not on node ${this.o.node}` }, signal);
      return;
    }
    const text = families.length ? renderPrometheus(families) : '';
    for (const data of pieces(text, CHUNK_CHARS)) if (!(await this.o.send({ requestId, data }, signal))) return;
    await this.o.send({ requestId, end: true }, signal);
  }

  /**
   * The byte offset from the end to start at. `tail_lines` needs the text to count lines in:
   * the retained output (or its `tail_bytes`) is read once, then the follow starts that many
   * bytes before the end — output written in between only adds newer lines.
   */
  private async tailBytes(handle: InstanceHandle, req: pb.LogRequest__Output): Promise<number | undefined> {
    const bytes = req.tailBytes !== undefined ? Number(req.tailBytes) : undefined;
    if (req.tailLines === undefined) return bytes;
    let text = '';
    for await (const chunk of handle.logs.read(bytes !== undefined ? { tailBytes: bytes } : {})) text += chunk;
    return Buffer.byteLength(text.slice(lastLinesStart(text, req.tailLines)));
  }
}
