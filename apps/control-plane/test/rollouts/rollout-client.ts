import { credentials, loadPackageDefinition, type ServiceError } from '@grpc/grpc-js';
import type { RolloutStatus } from '@mosaic/api';
import { loadMosaicPackageDefinition, type pb, type RolloutProtoGrpcType } from '@mosaic/proto';

export type RolloutClient = pb.RolloutServiceClient;

export function rolloutClient(address: string): RolloutClient {
  const proto = loadPackageDefinition(loadMosaicPackageDefinition()) as unknown as RolloutProtoGrpcType;
  return new proto.mosaic.v1.RolloutService(address, credentials.createInsecure());
}

/** A unary RolloutService call as a promise (5 s deadline). */
export function rpc<Res>(client: RolloutClient, method: 'GetRollout' | 'Pause' | 'Resume' | 'Promote' | 'Abort' | 'Retry' | 'Undo' | 'Restart' | 'History', request: object): Promise<Res> {
  return new Promise((resolve, reject) => {
    const target = client as unknown as Record<string, (r: object, o: { deadline: number }, cb: (err: ServiceError | null, res?: Res) => void) => void>;
    target[method]!(request, { deadline: Date.now() + 5000 }, (err, res) => (err ? reject(err) : resolve(res!)));
  });
}

/** The rollout view with the whole controller state parsed. */
export async function getRollout(client: RolloutClient, namespace: string, name: string): Promise<{ view: pb.RolloutView__Output; state: RolloutStatus | undefined }> {
  const view = await rpc<pb.RolloutView__Output>(client, 'GetRollout', { namespace, name });
  return { view, state: view.stateJson ? (JSON.parse(view.stateJson) as RolloutStatus) : undefined };
}

/** Live instances per revision from the view: `{ 1: 3, 2: 1 }`. */
export function liveByRevision(view: pb.RolloutView__Output): Record<number, number> {
  return Object.fromEntries((view.revisions ?? []).filter((r) => (r.live ?? 0) > 0).map((r) => [Number(r.revision), r.live ?? 0]));
}

export function readyByRevision(view: pb.RolloutView__Output): Record<number, number> {
  return Object.fromEntries((view.revisions ?? []).filter((r) => (r.ready ?? 0) > 0).map((r) => [Number(r.revision), r.ready ?? 0]));
}
