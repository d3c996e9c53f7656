import { credentials, type ChannelCredentials, type ChannelOptions } from '@grpc/grpc-js';
import type { MosaicClientOptions, ResolvedRetryOptions } from '../mosaic-client-options.js';
import { DEFAULT_MAX_RECEIVE_MESSAGE_BYTES, DEFAULT_MAX_SEND_MESSAGE_BYTES } from '../mosaic-client-options.js';

const asBuffer = (v: string | Buffer | undefined): Buffer | null => (v === undefined ? null : Buffer.isBuffer(v) ? v : Buffer.from(v));

/** Channel credentials: plaintext unless `tls` is given (the embedded control plane serves plaintext on loopback). */
export function channelCredentials(options: MosaicClientOptions): ChannelCredentials {
  const tls = options.tls;
  if (!tls) return credentials.createInsecure();
  return credentials.createSsl(asBuffer(tls.ca), asBuffer(tls.key), asBuffer(tls.cert));
}

/**
 * grpc-js channel options. The channel's own reconnect backoff is aligned with our retry
 * policy: otherwise a retry would find the channel still waiting out grpc-js's default
 * 1 s reconnect delay and fail again at once.
 */
export function channelOptions(options: MosaicClientOptions, retry: ResolvedRetryOptions): ChannelOptions {
  return {
    'grpc.max_send_message_length': options.maxSendMessageBytes ?? DEFAULT_MAX_SEND_MESSAGE_BYTES,
    'grpc.max_receive_message_length': options.maxReceiveMessageBytes ?? DEFAULT_MAX_RECEIVE_MESSAGE_BYTES,
    'grpc.initial_reconnect_backoff_ms': retry.initialBackoffMs,
    'grpc.max_reconnect_backoff_ms': retry.maxBackoffMs,
    ...(options.tls?.serverName ? { 'grpc.ssl_target_name_override': options.tls.serverName } : {}),
    ...options.channelOptions,
  };
}
