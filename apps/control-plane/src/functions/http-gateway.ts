import { isMosaicError, type MosaicErrorCode } from '@mosaic/api';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { HttpGatewayOptions } from './http-gateway-options.js';
import type { Invocation } from './invocation-types.js';
import type { Invoker } from './invoker.js';

/** Finds the function a custom trigger path (`trigger.http.path`) belongs to. */
export type HttpRouteLookup = (path: string) => { namespace: string; name: string } | undefined;

const FUNCTION_PATH = /^\/v1\/functions\/([a-z0-9-]+)\/([a-z0-9-]+)\/?$/;
const INVOCATION_PATH = /^\/v1\/invocations\/([A-Za-z0-9-]+)$/;

const HTTP_STATUS: Partial<Record<MosaicErrorCode, number>> = {
  INVALID_ARGUMENT: 400,
  NOT_FOUND: 404,
  FAILED_PRECONDITION: 409,
  RESOURCE_EXHAUSTED: 413,
  UNAVAILABLE: 503,
  DEADLINE_EXCEEDED: 504,
};

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/**
 * The `http` trigger: an HTTP/1.1 gateway in front of the invoker.
 *
 * - `POST /v1/functions/{namespace}/{name}` (or a function's `trigger.http.path`), JSON body
 *   (empty = null) → 200 with the handler's output as JSON; headers `X-Mosaic-Invocation-Id`
 *   and `X-Mosaic-Revision`.
 * - `Idempotency-Key: K` → a repeat returns the first invocation's result.
 * - `Prefer: respond-async` → 202 `{ invocationId, state }` and `Location: /v1/invocations/ID`.
 * - `GET /v1/invocations/{id}` → the invocation as JSON.
 * - Errors are JSON `{ error, invocationId? }`: 400 bad JSON, 404 no such function, 409 not a
 *   function, 413 body too large, 502 the handler failed (retries exhausted; `attempts` given),
 *   503 no Redis / no revision yet, 504 no result in time (the invocation keeps running).
 */
export class HttpGateway {
  readonly #server: Server;
  readonly #maxBodyBytes: number;
  readonly #syncTimeoutMs: number;

  constructor(
    private readonly invoker: () => Invoker | undefined,
    private readonly routes: HttpRouteLookup,
    private readonly log: Logger,
    options: HttpGatewayOptions = {},
  ) {
    this.#maxBodyBytes = options.maxBodyBytes ?? 1_048_576;
    this.#syncTimeoutMs = options.syncTimeoutMs ?? 60_000;
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch((err: unknown) => this.#fail(res, err));
    });
    this.#server.keepAliveTimeout = 5_000;
  }

  /** Binds; resolves with the port actually bound. */
  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, host, () => {
        this.#server.off('error', reject);
        resolve((this.#server.address() as AddressInfo).port);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://gateway').pathname;
    const invocation = INVOCATION_PATH.exec(path);
    if (invocation) {
      if (req.method !== 'GET') throw new HttpError(405, `use GET on ${path}`);
      const found = await this.#invoker().get(invocation[1]!);
      return send(res, 200, found);
    }
    const m = FUNCTION_PATH.exec(path);
    const target = m ? { namespace: m[1]!, name: m[2]! } : this.routes(path);
    if (!target) throw new HttpError(404, `no function at ${path}; use POST /v1/functions/{namespace}/{name}`);
    if (req.method !== 'POST') throw new HttpError(405, `use POST to invoke ${target.namespace}/${target.name}`);
    const input = await this.#readJson(req);
    const idempotencyKey = header(req, 'idempotency-key');
    const request = { ...target, input, trigger: 'http' as const, ...(idempotencyKey ? { idempotencyKey } : {}) };
    const invoker = this.#invoker();
    if (/\brespond-async\b/i.test(header(req, 'prefer') ?? '')) {
      const accepted = await invoker.invokeAsync(request);
      res.setHeader('Location', `/v1/invocations/${accepted.id}`);
      return send(res, 202, { invocationId: accepted.id, state: accepted.state }, accepted);
    }
    const done = await invoker.invoke(request, this.#waitMs(req));
    if (done.state === 'succeeded') return send(res, 200, done.output ?? null, done);
    return send(res, 502, { error: `handler failed after ${done.attempts} attempt(s): ${done.error ?? 'unknown error'}`, invocationId: done.id, attempts: done.attempts }, done);
  }

  #invoker(): Invoker {
    const inv = this.invoker();
    if (!inv) throw new HttpError(503, 'functions are not available: the control plane runs without Redis');
    return inv;
  }

  #waitMs(req: IncomingMessage): number {
    const asked = Number(header(req, 'request-timeout'));
    return Number.isFinite(asked) && asked > 0 ? Math.min(asked * 1000, this.#syncTimeoutMs) : this.#syncTimeoutMs;
  }

  async #readJson(req: IncomingMessage): Promise<unknown> {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > this.#maxBodyBytes) throw new HttpError(413, `request body of ${declared} bytes exceeds the limit of ${this.#maxBodyBytes}`);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > this.#maxBodyBytes) throw new HttpError(413, `request body exceeds the limit of ${this.#maxBodyBytes} bytes`);
      chunks.push(chunk as Buffer);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    if (text.trim() === '') return null;
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      throw new HttpError(400, `request body must be JSON: ${(err as Error).message}`);
    }
  }

  #fail(res: ServerResponse, err: unknown): void {
    if (err instanceof HttpError) return send(res, err.status, { error: err.message });
    if (isMosaicError(err)) {
      const status = HTTP_STATUS[err.code] ?? 500;
      const id = /invocation (\S+)/.exec(err.message)?.[1];
      return send(res, status, { error: err.message, code: err.code, ...(status === 504 && id ? { invocationId: id } : {}) });
    }
    this.log.error({ err }, 'http gateway: unexpected error');
    send(res, 500, { error: 'internal error; the control-plane log has the details' });
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function send(res: ServerResponse, status: number, body: unknown, invocation?: Invocation): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body ?? null);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  if (invocation) {
    res.setHeader('X-Mosaic-Invocation-Id', invocation.id);
    res.setHeader('X-Mosaic-Revision', String(invocation.revision));
  }
  res.end(text);
}
