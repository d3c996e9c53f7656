import type { ChannelOptions } from '@grpc/grpc-js';

/**
 * How unary calls are retried when the server answers UNAVAILABLE (not listening yet,
 * restarting, connection dropped), and how a watch re-opens its stream. Delays grow
 * exponentially from `initialBackoffMs` by `multiplier` up to `maxBackoffMs`, each one
 * randomised by ±`jitter` so that many clients do not reconnect in lock-step.
 */
export interface RetryOptions {
  /**
   * Attempts per unary call, the first one included (1 disables retries). All attempts
   * share the call's deadline.
   * @defaultValue 5
   */
  maxAttempts?: number;
  /**
   * Delay before the second attempt.
   * @defaultValue 100
   */
  initialBackoffMs?: number;
  /**
   * Upper bound of any single delay.
   * @defaultValue 5000
   */
  maxBackoffMs?: number;
  /**
   * Growth factor between consecutive delays.
   * @defaultValue 2
   */
  multiplier?: number;
  /**
   * Fraction of each delay that is randomised, in [0, 1]: 0.2 means ±20 %.
   * @defaultValue 0.2
   */
  jitter?: number;
}

/**
 * TLS material, as PEM text or bytes. Giving `tls` at all switches the channel to TLS;
 * `ca` absent means the system's root certificates.
 */
export interface TlsOptions {
  /**
   * Root certificate(s) that sign the server's certificate.
   * @defaultValue the system's roots
   */
  ca?: string | Buffer;
  /**
   * Client certificate, for servers that require mutual TLS (needs `key`).
   * @defaultValue none
   */
  cert?: string | Buffer;
  /**
   * Private key of `cert`.
   * @defaultValue none
   */
  key?: string | Buffer;
  /**
   * Name to verify the server certificate against, when it differs from the address's host.
   * @defaultValue the host part of `address`
   */
  serverName?: string;
}

/** Everything `new MosaicClient(options)` accepts. Only `address` is required. */
export interface MosaicClientOptions {
  /**
   * The control plane's gRPC address, `host:port`.
   * @defaultValue (required)
   */
  address: string;
  /**
   * Deadline of every unary call, retries included, in milliseconds. Watches have none:
   * they are meant to stay open. A single call can override it.
   * @defaultValue 10000
   */
  deadlineMs?: number;
  /**
   * Retry and reconnect policy for UNAVAILABLE.
   * @defaultValue see {@link RetryOptions}
   */
  retry?: RetryOptions;
  /**
   * Consecutive failed re-opens of a watch stream before the watch gives up with
   * UnavailableError. The count resets whenever the stream delivers an event.
   * @defaultValue Infinity (keep trying, like a Kubernetes informer)
   */
  watchMaxReconnects?: number;
  /**
   * TLS settings; absent means a plaintext channel, which is what the embedded control
   * plane on 127.0.0.1 serves.
   * @defaultValue undefined (insecure)
   */
  tls?: TlsOptions;
  /**
   * Bearer token sent as `authorization: Bearer <token>` metadata on every call.
   * @defaultValue none
   */
  token?: string;
  /**
   * Largest message the client sends, in bytes.
   * @defaultValue 4194304 (4 MiB)
   */
  maxSendMessageBytes?: number;
  /**
   * Largest message the client accepts, in bytes (a large `list` page needs more).
   * @defaultValue 16777216 (16 MiB)
   */
  maxReceiveMessageBytes?: number;
  /**
   * Raw grpc-js channel options, merged last: an escape hatch for keepalive and the like.
   * @defaultValue {}
   */
  channelOptions?: ChannelOptions;
}

/** {@link RetryOptions} with every default filled in. */
export type ResolvedRetryOptions = Required<RetryOptions>;

export const DEFAULT_DEADLINE_MS = 10_000;
export const DEFAULT_RETRY: ResolvedRetryOptions = {
  maxAttempts: 5,
  initialBackoffMs: 100,
  maxBackoffMs: 5_000,
  multiplier: 2,
  jitter: 0.2,
};
export const DEFAULT_MAX_SEND_MESSAGE_BYTES = 4 * 1024 * 1024;
export const DEFAULT_MAX_RECEIVE_MESSAGE_BYTES = 16 * 1024 * 1024;
