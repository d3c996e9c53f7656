import { Metadata, type ServiceDefinition, type ServiceError } from '@grpc/grpc-js';
import { loadMosaicPackageDefinition, type pb } from '@mosaic/proto';
import type { WorkloadClient } from './grpc-client.js';

/** Hand-made protobuf bytes, for requests a well-behaved client library cannot produce. */
export function varint(n: number): Buffer {
  const out: number[] = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return Buffer.from(out);
}

/** A length-delimited field (string, bytes or embedded message). */
export function lenField(field: number, payload: Buffer | string): Buffer {
  const bytes = typeof payload === 'string' ? Buffer.from(payload) : payload;
  return Buffer.concat([varint(field * 8 + 2), varint(bytes.length), bytes]);
}

export function varintField(field: number, value: number): Buffer {
  return Buffer.concat([varint(field * 8), varint(value)]);
}

const service = loadMosaicPackageDefinition()['mosaic.v1.WorkloadService'] as ServiceDefinition;

/** An ApplyRequest encoded by the real serializer. */
export function encodeApply(request: pb.ApplyRequest): Buffer {
  return service['Apply']!.requestSerialize(request);
}

/** Sends raw bytes as an Apply request. */
export function rawApply(client: WorkloadClient, bytes: Buffer): Promise<pb.ApplyResponse__Output> {
  const def = service['Apply']!;
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(
      def.path,
      (b: Buffer) => b,
      (b: Buffer) => def.responseDeserialize(b) as pb.ApplyResponse__Output,
      bytes,
      new Metadata(),
      { deadline: Date.now() + 5000 },
      (err: ServiceError | null, res?: pb.ApplyResponse__Output) => (err ? reject(err) : resolve(res!)),
    );
  });
}
