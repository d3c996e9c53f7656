import { credentials, loadPackageDefinition, Metadata, type CallOptions, type ServiceError } from '@grpc/grpc-js';
import { loadMosaicPackageDefinition, type FunctionProtoGrpcType, type pb } from '@mosaic/proto';

export type FunctionClient = InstanceType<FunctionProtoGrpcType['mosaic']['v1']['FunctionService']>;
export type Invocation = pb.Invocation__Output;

/** A raw grpc-js client of FunctionService. */
export function functionClient(address: string): FunctionClient {
  const proto = loadPackageDefinition(loadMosaicPackageDefinition()) as unknown as FunctionProtoGrpcType;
  return new proto.mosaic.v1.FunctionService(address, credentials.createInsecure());
}

type Method = 'Invoke' | 'InvokeAsync' | 'GetInvocation' | 'ListInvocations' | 'RetryInvocation';
type Req<M extends Method> = Parameters<FunctionClient[M]>[0];
type Res<M extends Method> = M extends 'ListInvocations' ? pb.ListInvocationsResponse__Output : pb.Invocation__Output;

/** A unary FunctionService call as a promise, with a deadline. */
export function fnCall<M extends Method>(client: FunctionClient, method: M, request: Req<M>, timeoutMs = 10_000): Promise<Res<M>> {
  const options: CallOptions = { deadline: Date.now() + timeoutMs };
  return new Promise((resolve, reject) => {
    (client[method] as (r: Req<M>, m: Metadata, o: CallOptions, cb: (err: ServiceError | null, res?: Res<M>) => void) => void)(
      request, new Metadata(), options, (err, res) => (err ? reject(err) : resolve(res!)),
    );
  });
}

/** Every invocation of a function (all pages), optionally in one state. */
export async function listAll(client: FunctionClient, namespace: string, name: string, state = ''): Promise<Invocation[]> {
  const out: Invocation[] = [];
  let pageToken = '';
  do {
    const page = await fnCall(client, 'ListInvocations', { namespace, name, state, limit: 500, pageToken });
    out.push(...(page.items ?? []));
    pageToken = page.nextPageToken ?? '';
  } while (pageToken);
  return out;
}
