import type { CallOptions, Client, Metadata } from '@grpc/grpc-js';

/** `grpc.health.v1.HealthCheckResponse.ServingStatus`, by number. */
const SERVING_STATUS = ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'] as const;
export type ServingStatus = (typeof SERVING_STATUS)[number];

/**
 * Calls the standard gRPC health service. The two messages are tiny (a string field 1 in
 * the request, an enum field 1 in the response), so they are encoded by hand instead of
 * loading another .proto into every client.
 */
export function healthCheck(client: Client, metadata: Metadata, options: CallOptions): Promise<ServingStatus> {
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest<null, ServingStatus>(
      '/grpc.health.v1.Health/Check',
      () => Buffer.alloc(0), // service "" = the server as a whole
      decodeServingStatus,
      null,
      metadata,
      options,
      (err, value) => (err ? reject(err) : resolve(value ?? 'UNKNOWN')),
    );
  });
}

/** Reads field 1 (varint) of a HealthCheckResponse; an empty message means UNKNOWN (0). */
export function decodeServingStatus(buf: Buffer): ServingStatus {
  if (buf.length >= 2 && buf[0] === 0x08) return SERVING_STATUS[buf[1] ?? 0] ?? 'UNKNOWN';
  return 'UNKNOWN';
}
