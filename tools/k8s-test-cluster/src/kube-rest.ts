import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import { join } from 'node:path';

/** A response from the API server or a component's health endpoint. */
export interface RestResponse {
  readonly status: number;
  readonly body: string;
}

/** The admin credentials the tool itself uses to talk to kube-apiserver. */
export interface AdminCredentials {
  readonly ca: Buffer;
  readonly cert: Buffer;
  readonly key: Buffer;
}

export function readAdminCredentials(pkiDir: string): AdminCredentials {
  return {
    ca: readFileSync(join(pkiDir, 'ca.crt')),
    cert: readFileSync(join(pkiDir, 'admin.crt')),
    key: readFileSync(join(pkiDir, 'admin.key')),
  };
}

/** Options of one request. */
export interface RestRequest {
  readonly method?: string;
  readonly body?: unknown;
  readonly contentType?: string;
  /** Client TLS for kube-apiserver; omitted for plain HTTP. */
  readonly tls?: AdminCredentials | 'self-signed';
  /** @defaultValue 10 s */
  readonly timeoutMs?: number;
}

/**
 * A tiny, dependency-free HTTP(S) client: the tool must work before `npm install`
 * has anything Kubernetes-specific, and it needs only a handful of calls.
 */
export function rest(url: string, options: RestRequest = {}): Promise<RestResponse> {
  const target = new URL(url);
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  const tls: RequestOptions =
    options.tls === undefined
      ? {}
      : options.tls === 'self-signed'
        ? { rejectUnauthorized: false }
        : { ca: options.tls.ca, cert: options.tls.cert, key: options.tls.key };
  const timeoutMs = options.timeoutMs ?? 10_000;
  return new Promise<RestResponse>((resolve, reject) => {
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(target, {
      method: options.method ?? 'GET',
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': options.contentType ?? 'application/json', 'content-length': Buffer.byteLength(body) }),
      },
      timeout: timeoutMs,
      ...tls,
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${options.method ?? 'GET'} ${url} timed out after ${timeoutMs}ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** A JSON call to kube-apiserver that must succeed (2xx). */
export async function kubeJson<T>(server: string, credentials: AdminCredentials, path: string, options: Omit<RestRequest, 'tls'> = {}): Promise<T> {
  const response = await rest(`${server}${path}`, { ...options, tls: credentials });
  if (response.status < 200 || response.status > 299) {
    throw new Error(`${options.method ?? 'GET'} ${path}: HTTP ${response.status}: ${response.body.slice(0, 500)}`);
  }
  return JSON.parse(response.body) as T;
}
