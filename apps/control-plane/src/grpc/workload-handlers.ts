import type { sendUnaryData, ServerUnaryCall, ServerWritableStream } from '@grpc/grpc-js';
import { InvalidArgumentError, workloadFromProto, workloadToProto } from '@mosaic/api';
import type { pb } from '@mosaic/proto';
import { once } from 'node:events';
import type { Logger } from 'pino';
import type { WorkloadService } from '../workloads/workload-service.js';
import type { WorkloadWatchEvent } from '../workloads/workload-types.js';
import type { CallTracker } from './call-tracker.js';
import { toGrpcStatus } from './error-status.js';
import { assertWellFormed } from './strict-service.js';

type Handlers = pb.WorkloadServiceHandlers;

/** Annotation on the BOOKMARK that follows the initial ADDED events of a watch without a start revision. */
export const INITIAL_EVENTS_END_ANNOTATION = 'mosaic.dev/initial-events-end';

/**
 * `mosaic.v1.WorkloadService` over gRPC: each handler only maps the request to the domain,
 * calls the {@link WorkloadService} and maps the result back. Errors of any kind go through
 * `toGrpcStatus`, so a bad request can never take the process down.
 */
export function createWorkloadHandlers(service: WorkloadService, tracker: CallTracker, log: Logger): Handlers {
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

  return {
    Apply: unary('Apply', async (req: pb.ApplyRequest__Output): Promise<pb.ApplyResponse> => {
      if (!req.workload) throw new InvalidArgumentError('invalid request', [{ path: 'workload', message: 'required' }]);
      const { workload, result } = await service.apply(workloadFromProto(req.workload), {
        dryRun: req.dryRun === true,
        createOnly: req.createOnly === true,
      });
      return { workload: workloadToProto(workload), result };
    }),

    Get: unary('Get', async (req: pb.GetRequest__Output): Promise<pb.Workload> =>
      workloadToProto(await service.get(req.namespace ?? '', req.name ?? '')),
    ),

    List: unary('List', async (req: pb.ListRequest__Output): Promise<pb.ListResponse> => {
      const page = await service.list({
        namespace: req.namespace ?? '',
        labelSelector: req.labelSelector ?? '',
        runtime: req.runtime ?? '',
        limit: req.limit ?? 0,
        continueToken: req.continueToken ?? '',
      });
      return {
        items: page.items.map(workloadToProto),
        resourceVersion: String(page.revision),
        continueToken: page.continueToken ?? '',
      };
    }),

    Delete: unary('Delete', async (req: pb.DeleteRequest__Output): Promise<pb.DeleteResponse> => {
      const workload = await service.delete(req.namespace ?? '', req.name ?? '', {
        ...(req.resourceVersion ? { resourceVersion: req.resourceVersion } : {}),
        dryRun: req.dryRun === true,
      });
      return { workload: workloadToProto(workload) };
    }),

    Watch: (call: ServerWritableStream<pb.WatchRequest__Output, pb.WatchEvent>) => {
      void streamWatch(call, service, tracker, log);
    },
  };
}

async function streamWatch(
  call: ServerWritableStream<pb.WatchRequest__Output, pb.WatchEvent>,
  service: WorkloadService,
  tracker: CallTracker,
  log: Logger,
): Promise<void> {
  const { controller, release } = tracker.watchSignal();
  const onCancel = () => controller.abort();
  call.on('cancelled', onCancel);
  try {
    const req = assertWellFormed(call.request);
    const events = service.watch(
      {
        namespace: req.namespace ?? '',
        labelSelector: req.labelSelector ?? '',
        runtime: req.runtime ?? '',
        resourceVersion: req.resourceVersion ?? '',
        bookmarkIntervalSeconds: req.bookmarkIntervalSeconds ?? 0,
      },
      controller.signal,
    );
    for await (const event of events) {
      // Respect the client's flow control: a slow reader makes us (and the store watch) wait,
      // bounded by the store's watch buffer, instead of queueing without limit here.
      if (!call.write(eventToProto(event))) await once(call, 'drain', { signal: controller.signal });
    }
    if (!call.cancelled) call.end();
  } catch (err) {
    if (controller.signal.aborted && (err as Error | null)?.name === 'AbortError') {
      if (!call.cancelled) call.end();
    } else if (!call.cancelled) {
      call.emit('error', toGrpcStatus(err, log, 'Watch'));
    }
  } finally {
    call.off('cancelled', onCancel);
    release();
  }
}

function eventToProto(event: WorkloadWatchEvent): pb.WatchEvent {
  const resourceVersion = String(event.revision);
  if (event.type === 'BOOKMARK') {
    const annotations: Record<string, string> = event.initialEventsEnd ? { [INITIAL_EVENTS_END_ANNOTATION]: 'true' } : {};
    return { type: 'BOOKMARK', resourceVersion, workload: { metadata: { resourceVersion, annotations } } };
  }
  return { type: event.type, resourceVersion, workload: workloadToProto(event.workload) };
}
