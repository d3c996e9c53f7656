import type { sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import { UnavailableError } from '@mosaic/api';
import type { pb } from '@mosaic/proto';
import type { Logger } from 'pino';
import { toGrpcStatus } from '../grpc/error-status.js';
import { assertWellFormed } from '../grpc/strict-service.js';
import { invocationToProto, parseInputJson } from './invocation-proto.js';
import type { Invoker } from './invoker.js';

type Handlers = pb.FunctionServiceHandlers;

/**
 * `mosaic.v1.FunctionService` over gRPC: map the request, call the {@link Invoker}, map back.
 * `invoker()` is undefined while the functions subsystem is not running (no Redis:
 * `--reconcile=false`, or during start-up) — answered with UNAVAILABLE.
 */
export function createFunctionHandlers(invoker: () => Invoker | undefined, log: Logger): Handlers {
  const unary =
    <Req, Res>(method: string, run: (request: Req, inv: Invoker, call: ServerUnaryCall<Req, Res>) => Promise<Res>) =>
    (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>): void => {
      Promise.resolve()
        .then(() => {
          const inv = invoker();
          if (!inv) throw new UnavailableError('functions are not available: the control plane runs without Redis (--reconcile=false) or is starting');
          return run(assertWellFormed(call.request), inv, call);
        })
        .then(
          (response) => callback(null, response),
          (err: unknown) => callback(toGrpcStatus(err, log, method)),
        );
    };

  const request = (req: pb.InvokeRequest__Output) => ({
    namespace: req.namespace ?? '',
    name: req.name ?? '',
    input: parseInputJson(req.input),
    trigger: 'api' as const,
    ...(req.idempotencyKey ? { idempotencyKey: req.idempotencyKey } : {}),
  });

  return {
    Invoke: unary('Invoke', async (req: pb.InvokeRequest__Output, inv, call) => {
      const deadline = call.getDeadline();
      const at = deadline instanceof Date ? deadline.getTime() : Number(deadline);
      const waitMs = Number.isFinite(at) && at > 0 ? at - Date.now() : undefined;
      return invocationToProto(await inv.invoke(request(req), waitMs));
    }),
    InvokeAsync: unary('InvokeAsync', async (req: pb.InvokeRequest__Output, inv) => invocationToProto(await inv.invokeAsync(request(req)))),
    GetInvocation: unary('GetInvocation', async (req: pb.GetInvocationRequest__Output, inv) => invocationToProto(await inv.get(req.id ?? ''))),
    ListInvocations: unary('ListInvocations', async (req: pb.ListInvocationsRequest__Output, inv): Promise<pb.ListInvocationsResponse> => {
      const page = await inv.list({
        namespace: req.namespace ?? '',
        name: req.name ?? '',
        state: req.state ?? '',
        limit: req.limit ?? 0,
        pageToken: req.pageToken ?? '',
      });
      return { items: page.items.map(invocationToProto), nextPageToken: page.nextPageToken ?? '' };
    }),
    RetryInvocation: unary('RetryInvocation', async (req: pb.RetryInvocationRequest__Output, inv) => invocationToProto(await inv.retry(req.id ?? ''))),
  };
}
