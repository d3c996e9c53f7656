import { FailedPreconditionError, InternalError, NotFoundError, UnavailableError, type MosaicError } from '@mosaic/api';
import type { pb } from '@mosaic/proto';
import { ChunkQueue } from './chunk-queue.js';

/** What a caller asks an agent for. */
export interface AgentLogRequest {
  namespace: string;
  /** Instance name. */
  name: string;
  follow: boolean;
  tailBytes?: number;
  tailLines?: number;
  /** The instance's current metrics (Prometheus text) instead of its output. */
  metrics?: boolean;
}

/** Characters of output one request may hold while its reader is slow. */
const MAX_BUFFERED_CHARS = 8 * 1024 * 1024;

/**
 * The log requests of one agent session: each gets an id, goes to the agent as a
 * `LogRequest`, and its `AgentLogChunk`s come back on the same stream into a {@link ChunkQueue}.
 * The agent serves logs from its own disk, so the control plane never stores output.
 */
export class LogRelay {
  private readonly open = new Map<string, ChunkQueue>();
  private seq = 0;

  constructor(
    private readonly send: (message: pb.ControlMessage) => void,
    private readonly node: string,
  ) {}

  /** The instance's output; ends when the agent says so, throws its error, stops on `signal`. */
  request(req: AgentLogRequest, signal: AbortSignal): AsyncIterable<string> {
    const requestId = `${++this.seq}`;
    const queue = new ChunkQueue(MAX_BUFFERED_CHARS);
    this.open.set(requestId, queue);
    const cancel = () => {
      if (!this.open.delete(requestId)) return;
      this.send({ cancelLog: { requestId } });
      queue.end();
    };
    signal.addEventListener('abort', cancel, { once: true });
    this.send({
      logRequest: {
        requestId,
        instanceId: req.name,
        namespace: req.namespace,
        follow: req.follow,
        ...(req.tailBytes !== undefined ? { tailBytes: req.tailBytes } : {}),
        ...(req.tailLines !== undefined ? { tailLines: req.tailLines } : {}),
        ...(req.metrics ? { metrics: true } : {}),
      },
    });
    const open = this.open;
    return {
      async *[Symbol.asyncIterator]() {
        try {
          yield* queue;
        } finally {
          // A consumer that stops early (or fails) must not leave the agent streaming.
          signal.removeEventListener('abort', cancel);
          if (open.has(requestId)) cancel();
        }
      },
    };
  }

  /** A chunk from the agent. Chunks of requests already cancelled are dropped. */
  deliver(chunk: pb.AgentLogChunk__Output): void {
    const requestId = chunk.requestId ?? '';
    const queue = this.open.get(requestId);
    if (!queue) return;
    if (chunk.data) queue.push(chunk.data);
    if (!chunk.end) return;
    this.open.delete(requestId);
    if (chunk.error) queue.fail(agentError(chunk.errorCode ?? '', chunk.error));
    else queue.end();
  }

  /** The session ended: every open request fails. */
  closeAll(): void {
    for (const queue of this.open.values()) queue.fail(new UnavailableError(`the agent of node ${this.node} disconnected`));
    this.open.clear();
  }
}

/** The agent's error as a domain error the LogService caller gets with its gRPC code. */
function agentError(code: string, message: string): MosaicError {
  switch (code) {
    case 'NOT_FOUND':
      return new NotFoundError(message);
    case 'FAILED_PRECONDITION':
      return new FailedPreconditionError(message);
    case 'UNAVAILABLE':
      return new UnavailableError(message);
    default:
      return new InternalError(`agent: ${message}`);
  }
}
