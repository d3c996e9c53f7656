import { credentials, loadPackageDefinition, Metadata, type ServiceError } from '@grpc/grpc-js';
import { loadMosaicPackageDefinition, type FunctionProtoGrpcType, type pb } from '@mosaic/proto';

type Client = pb.FunctionServiceClient;

/** An invocation with every field present (proto3 defaults filled in). */
export type Inv = Required<Omit<pb.Invocation__Output, 'durationMs'>> & { durationMs: string };

function inv(raw: pb.Invocation__Output): Inv {
  return {
    id: raw.id ?? '', namespace: raw.namespace ?? '', name: raw.name ?? '', revision: raw.revision ?? 0, state: raw.state ?? '',
    attempts: raw.attempts ?? 0, maxAttempts: raw.maxAttempts ?? 0, input: raw.input ?? '', output: raw.output ?? '', error: raw.error ?? '',
    trigger: raw.trigger ?? '', idempotencyKey: raw.idempotencyKey ?? '', acceptedAt: raw.acceptedAt ?? '', startedAt: raw.startedAt ?? '',
    finishedAt: raw.finishedAt ?? '', instance: raw.instance ?? '', durationMs: String(raw.durationMs ?? '0'),
  };
}
type Method = 'Invoke' | 'InvokeAsync' | 'GetInvocation' | 'ListInvocations' | 'RetryInvocation';

/** A raw grpc-js FunctionService client with promise-returning unary calls and per-call deadlines. */
export class FunctionClient {
  readonly #client: Client;
  constructor(address: string) {
    const proto = loadPackageDefinition(loadMosaicPackageDefinition()) as unknown as FunctionProtoGrpcType;
    this.#client = new proto.mosaic.v1.FunctionService(address, credentials.createInsecure());
  }

  async invoke(req: pb.InvokeRequest, timeoutMs = 10_000): Promise<Inv> {
    return inv(await this.#call('Invoke', req, timeoutMs));
  }
  async invokeAsync(req: pb.InvokeRequest, timeoutMs = 10_000): Promise<Inv> {
    return inv(await this.#call('InvokeAsync', req, timeoutMs));
  }
  async get(id: string): Promise<Inv> {
    return inv(await this.#call('GetInvocation', { id }, 5_000));
  }
  async list(req: pb.ListInvocationsRequest): Promise<{ items: Inv[]; nextPageToken: string }> {
    const res = await this.#call<pb.ListInvocationsResponse__Output>('ListInvocations', req, 5_000);
    return { items: (res.items ?? []).map(inv), nextPageToken: res.nextPageToken ?? '' };
  }
  async retry(id: string): Promise<Inv> {
    return inv(await this.#call('RetryInvocation', { id }, 10_000));
  }
  close(): void {
    this.#client.close();
  }

  #call<Res = pb.Invocation__Output>(method: Method, request: unknown, timeoutMs: number): Promise<Res> {
    const client = this.#client as unknown as Record<Method, (r: unknown, m: Metadata, o: { deadline: number }, cb: (err: ServiceError | null, res?: Res) => void) => void>;
    return new Promise((resolve, reject) =>
      client[method](request, new Metadata(), { deadline: Date.now() + timeoutMs }, (err, res) => (err ? reject(err) : resolve(res!))),
    );
  }
}
