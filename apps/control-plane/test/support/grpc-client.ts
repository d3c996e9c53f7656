import { credentials, loadPackageDefinition, Metadata, type CallOptions, type ServiceError, type status } from '@grpc/grpc-js';
import { loadMosaicPackageDefinition, type MosaicProtoGrpcType, type pb } from '@mosaic/proto';
import assert from 'node:assert/strict';

export type WorkloadClient = pb.WorkloadServiceClient;

/** A raw grpc-js client of the API, built from the same package definition as the server. */
export function workloadClient(address: string, options: Record<string, unknown> = {}): WorkloadClient {
  const proto = loadPackageDefinition(loadMosaicPackageDefinition()) as unknown as MosaicProtoGrpcType;
  return new proto.mosaic.v1.WorkloadService(address, credentials.createInsecure(), options);
}

type UnaryMethod = 'Apply' | 'Get' | 'List' | 'Delete';
type Req<M extends UnaryMethod> = Parameters<WorkloadClient[M]>[0];
type Res<M extends UnaryMethod> = M extends 'Apply' ? pb.ApplyResponse__Output
  : M extends 'Get' ? pb.Workload__Output
  : M extends 'List' ? pb.ListResponse__Output
  : pb.DeleteResponse__Output;

/** A unary call as a promise, with a deadline so a hung server fails the test instead of stalling it. */
export function call<M extends UnaryMethod>(client: WorkloadClient, method: M, request: Req<M>, timeoutMs = 5000): Promise<Res<M>> {
  const options: CallOptions = { deadline: Date.now() + timeoutMs };
  return new Promise((resolve, reject) => {
    (client[method] as (r: Req<M>, m: Metadata, o: CallOptions, cb: (err: ServiceError | null, res?: Res<M>) => void) => void)(
      request,
      new Metadata(),
      options,
      (err, res) => (err ? reject(err) : resolve(res!)),
    );
  });
}

/** Asserts that `promise` fails with gRPC `code` and a message containing every `parts` entry. */
export async function expectStatus(promise: Promise<unknown>, code: status, ...parts: (string | RegExp)[]): Promise<ServiceError> {
  let err: ServiceError | undefined;
  try {
    await promise;
  } catch (e) {
    err = e as ServiceError;
  }
  assert.ok(err, `expected status ${code}, but the call succeeded`);
  assert.equal(err.code, code, `expected status ${code}, got ${err.code}: ${err.details}`);
  for (const part of parts) {
    if (typeof part === 'string') assert.ok(err.details.includes(part), `message should contain ${JSON.stringify(part)}; was:\n${err.details}`);
    else assert.match(err.details, part);
  }
  return err;
}
