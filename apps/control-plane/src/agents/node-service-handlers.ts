import type { sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import type { pb } from '@mosaic/proto';
import type { Logger } from 'pino';
import { toGrpcStatus } from '../grpc/error-status.js';
import { assertWellFormed } from '../grpc/strict-service.js';
import type { NodeQueries, NodeView } from './node-queries.js';

/** `mosaic.v1.NodeService`: read-only views of the Node objects. */
export function createNodeServiceHandlers(nodes: NodeQueries, log: Logger): pb.NodeServiceHandlers {
  const unary =
    <Req, Res>(method: string, run: (request: Req) => Promise<Res>) =>
    (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>): void => {
      Promise.resolve()
        .then(() => run(assertWellFormed(call.request)))
        .then(
          (response) => callback(null, response),
          (err: unknown) => callback(toGrpcStatus(err, log, `NodeService/${method}`)),
        );
    };
  return {
    List: unary('List', async (req: pb.ListNodesRequest__Output): Promise<pb.ListNodesResponse> => {
      const { items, revision } = await nodes.list(req.labelSelector ?? '');
      return { items: items.map(nodeToProto), resourceVersion: String(revision) };
    }),
    Get: unary('Get', async (req: pb.GetNodeRequest__Output): Promise<pb.Node> => nodeToProto(await nodes.get(req.name ?? ''))),
  };
}

/** Field names match the .proto (camel-cased), so this is a re-shaping, not a translation. */
export function nodeToProto(view: NodeView): pb.Node {
  const { node, allocated } = view;
  return {
    apiVersion: node.apiVersion,
    kind: node.kind,
    metadata: node.metadata,
    spec: { unschedulable: node.spec.unschedulable ?? false, taints: node.spec.taints ?? [] },
    ...(node.status ? { status: node.status } : {}),
    allocated,
  };
}
