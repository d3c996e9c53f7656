import type { ServerWritableStream } from '@grpc/grpc-js';
import type { pb } from '@mosaic/proto';
import { once } from 'node:events';
import type { Logger } from 'pino';
import type { CallTracker } from '../grpc/call-tracker.js';
import { toGrpcStatus } from '../grpc/error-status.js';
import { assertWellFormed } from '../grpc/strict-service.js';
import type { LogTail } from './log-tail.js';

/** `mosaic.v1.LogService`: instance output relayed from the agents. */
export function createLogServiceHandlers(logs: LogTail, tracker: CallTracker, log: Logger): pb.LogServiceHandlers {
  return {
    Tail: (call: ServerWritableStream<pb.TailLogsRequest__Output, pb.LogChunk>) => void tail(call, logs, tracker, log),
  };
}

async function tail(call: ServerWritableStream<pb.TailLogsRequest__Output, pb.LogChunk>, logs: LogTail, tracker: CallTracker, log: Logger): Promise<void> {
  // A follow lasts as long as its client wants: shutdown ends it like a watch.
  const { controller, release } = tracker.watchSignal();
  const onCancel = () => controller.abort();
  call.on('cancelled', onCancel);
  try {
    const req = assertWellFormed(call.request);
    const pieces = logs.tail(
      {
        namespace: req.namespace ?? '',
        ...(req.workload ? { workload: req.workload } : {}),
        ...(req.instance ? { instance: req.instance } : {}),
        follow: req.follow === true,
        ...(req.tailBytes !== undefined ? { tailBytes: Number(req.tailBytes) } : {}),
        ...(req.tailLines !== undefined ? { tailLines: req.tailLines } : {}),
        ...(req.metrics ? { metrics: true } : {}),
      },
      controller.signal,
    );
    for await (const piece of pieces) {
      if (!call.write(piece)) await once(call, 'drain', { signal: controller.signal });
    }
    if (!call.cancelled) call.end();
  } catch (err) {
    if (controller.signal.aborted && (err as Error | null)?.name === 'AbortError') {
      if (!call.cancelled) call.end();
    } else if (!call.cancelled) {
      call.emit('error', toGrpcStatus(err, log, 'LogService/Tail'));
    }
  } finally {
    call.off('cancelled', onCancel);
    release();
  }
}
