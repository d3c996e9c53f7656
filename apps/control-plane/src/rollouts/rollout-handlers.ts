import type { sendUnaryData, Server, ServerUnaryCall, ServerWritableStream, ServiceDefinition } from '@grpc/grpc-js';
import { InvalidArgumentError, workloadFromProto, type RolloutCommandKind } from '@mosaic/api';
import { loadMosaicPackageDefinition, type pb } from '@mosaic/proto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { CallTracker } from '../grpc/call-tracker.js';
import { toGrpcStatus } from '../grpc/error-status.js';
import { assertWellFormed, strictService } from '../grpc/strict-service.js';
import type { RolloutService, RolloutView } from './rollout-service.js';

export const ROLLOUT_SERVICE_NAME = 'mosaic.v1.RolloutService';

/** How often WatchRollout looks for a change (instance readiness is not on the workload). */
const WATCH_POLL_MS = 500;

/** The domain view as the wire message (int64 fields accept numbers). */
export function rolloutViewToProto(v: RolloutView): pb.RolloutView {
  return {
    namespace: v.namespace,
    name: v.name,
    runtime: v.runtime,
    revision: v.revision,
    replicas: v.replicas,
    resourceVersion: v.resourceVersion,
    ...(v.rollout ? { rollout: v.rollout, stateJson: JSON.stringify(v.rollout) } : {}),
    revisions: v.revisions,
    steps: v.steps,
  };
}

/** `mosaic.v1.RolloutService` over gRPC: map the request, call {@link RolloutService}, map back. */
export function createRolloutHandlers(service: RolloutService, tracker: CallTracker, log: Logger): pb.RolloutServiceHandlers {
  const unary =
    <Req, Res>(method: string, run: (request: Req) => Promise<Res>) =>
    (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>): void => {
      Promise.resolve()
        .then(() => run(assertWellFormed(call.request)))
        .then(
          (response) => callback(null, response),
          (err: unknown) => callback(toGrpcStatus(err, log, method)),
        );
    };
  const command = (method: string, kind: RolloutCommandKind) =>
    unary(method, async (req: pb.RolloutCommandRequest__Output): Promise<pb.RolloutCommandResponse> => service.command(req.namespace ?? '', req.name ?? '', kind));

  return {
    GetRollout: unary('GetRollout', async (req: pb.RolloutRequest__Output): Promise<pb.RolloutView> => rolloutViewToProto(await service.get(req.namespace ?? '', req.name ?? ''))),
    WatchRollout: (call: ServerWritableStream<pb.RolloutRequest__Output, pb.RolloutView>) => {
      void watchRollout(call, service, tracker, log);
    },
    Pause: command('Pause', 'pause'),
    Resume: command('Resume', 'resume'),
    Abort: command('Abort', 'abort'),
    Retry: command('Retry', 'retry'),
    Promote: unary('Promote', async (req: pb.PromoteRequest__Output): Promise<pb.RolloutCommandResponse> =>
      service.command(req.namespace ?? '', req.name ?? '', req.full ? 'promoteFull' : 'promote')),
    Undo: unary('Undo', async (req: pb.UndoRequest__Output): Promise<pb.RevisionChangeResponse> =>
      service.undo(req.namespace ?? '', req.name ?? '', Number(req.toRevision ?? 0))),
    Restart: unary('Restart', async (req: pb.RolloutCommandRequest__Output): Promise<pb.RevisionChangeResponse> => service.restart(req.namespace ?? '', req.name ?? '')),
    PreviewRollout: unary('PreviewRollout', async (req: pb.PreviewRolloutRequest__Output): Promise<pb.RolloutPreview> => {
      if (!req.workload) throw new InvalidArgumentError('invalid request', [{ path: 'workload', message: 'required' }]);
      return service.preview(workloadFromProto(req.workload));
    }),
    History: unary('History', async (req: pb.RolloutRequest__Output): Promise<pb.HistoryResponse> => ({ revisions: await service.history(req.namespace ?? '', req.name ?? '') })),
  };
}

/** The current view, then each changed one, until the client cancels or the server stops. */
async function watchRollout(call: ServerWritableStream<pb.RolloutRequest__Output, pb.RolloutView>, service: RolloutService, tracker: CallTracker, log: Logger): Promise<void> {
  const { controller, release } = tracker.watchSignal();
  const onCancel = () => controller.abort();
  call.on('cancelled', onCancel);
  let last = '';
  try {
    const req = assertWellFormed(call.request);
    while (!controller.signal.aborted) {
      const view = rolloutViewToProto(await service.get(req.namespace ?? '', req.name ?? ''));
      const { resourceVersion: _rv, ...content } = view;
      const key = JSON.stringify(content);
      if (key !== last) {
        last = key;
        call.write(view);
      }
      await sleep(WATCH_POLL_MS, undefined, { signal: controller.signal }).catch(() => undefined);
    }
    if (!call.cancelled) call.end();
  } catch (err) {
    if (!call.cancelled) call.emit('error', toGrpcStatus(err, log, 'WatchRollout'));
  } finally {
    call.off('cancelled', onCancel);
    release();
  }
}

/** Registers `mosaic.v1.RolloutService` on `server` (strict wire checks like every Mosaic service). */
export function addRolloutService(server: Server, tracker: CallTracker, service: RolloutService, log: Logger): void {
  const definition = loadMosaicPackageDefinition();
  const api = definition[ROLLOUT_SERVICE_NAME] as ServiceDefinition | undefined;
  if (!api) throw new Error(`${ROLLOUT_SERVICE_NAME} is not in the Mosaic package definition`);
  server.addService(strictService(api, definition), createRolloutHandlers(service, tracker, log));
}
