import type { ClientReadableStream } from '@grpc/grpc-js';
import type { pb } from '@mosaic/proto';
import type { LogChunk } from '../node-types.js';
import { isGrpcStatus, statusToError } from '../status-to-error.js';

/**
 * A LogService.Tail stream as an async iterator. No resume: a follow ends with
 * UnavailableError when the connection drops (the caller may start again with a tail).
 * Breaking out of the loop or aborting `signal` cancels the call.
 */
export async function* logStream(call: ClientReadableStream<pb.LogChunk__Output>, signal?: AbortSignal): AsyncGenerator<LogChunk, void, undefined> {
  const cancel = () => call.cancel();
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    for await (const chunk of call as AsyncIterable<pb.LogChunk__Output>) {
      yield { instance: chunk.instance ?? '', node: chunk.node ?? '', data: chunk.data ?? '' };
    }
  } catch (err) {
    if (signal?.aborted) return;
    throw isGrpcStatus(err) ? statusToError(err) : err;
  } finally {
    signal?.removeEventListener('abort', cancel);
    call.cancel();
  }
}
