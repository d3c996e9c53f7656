import { credentials, loadPackageDefinition, type ServiceError } from '@grpc/grpc-js';
import { loadMosaicPackageDefinition, type NodeProtoGrpcType, type pb } from '@mosaic/proto';

type NodeClient = InstanceType<NodeProtoGrpcType['mosaic']['v1']['NodeService']>;
type LogClient = InstanceType<NodeProtoGrpcType['mosaic']['v1']['LogService']>;

/** Raw grpc-js clients of NodeService and LogService, as any gRPC program would use them. */
export class NodeApi {
  readonly nodes: NodeClient;
  readonly logs: LogClient;

  constructor(address: string) {
    const proto = loadPackageDefinition(loadMosaicPackageDefinition()) as unknown as NodeProtoGrpcType;
    this.nodes = new proto.mosaic.v1.NodeService(address, credentials.createInsecure());
    this.logs = new proto.mosaic.v1.LogService(address, credentials.createInsecure());
  }

  list(labelSelector = ''): Promise<pb.ListNodesResponse__Output> {
    return new Promise((resolve, reject) =>
      this.nodes.list({ labelSelector }, { deadline: Date.now() + 5000 }, (err: ServiceError | null, res?: pb.ListNodesResponse__Output) => (err ? reject(err) : resolve(res!))),
    );
  }

  get(name: string): Promise<pb.Node__Output> {
    return new Promise((resolve, reject) =>
      this.nodes.get({ name }, { deadline: Date.now() + 5000 }, (err: ServiceError | null, res?: pb.Node__Output) => (err ? reject(err) : resolve(res!))),
    );
  }

  /** The whole (non-follow) output of a Tail call, concatenated, or its error. */
  async tail(request: pb.TailLogsRequest): Promise<string> {
    let out = '';
    for await (const chunk of this.logs.tail(request, { deadline: Date.now() + 10_000 }) as AsyncIterable<pb.LogChunk__Output>) out += chunk.data ?? '';
    return out;
  }

  close(): void {
    this.nodes.close();
    this.logs.close();
  }
}
