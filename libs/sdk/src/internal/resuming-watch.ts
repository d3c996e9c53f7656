import { status as Status, type ClientReadableStream } from '@grpc/grpc-js';
import { UnavailableError, workloadFromServer } from '@mosaic/api';
import type { pb } from '@mosaic/proto';
import type { ResolvedRetryOptions } from '../mosaic-client-options.js';
import type { WatchEvent, WatchEventType } from '../mosaic-client-types.js';
import { isGrpcStatus, statusToError } from '../status-to-error.js';
import { backoffDelay } from './backoff.js';
import { InitialSync } from './initial-sync.js';
import { isAtOrBefore } from './revision.js';
import { sleep as realSleep } from './sleep.js';

export interface ResumingWatchDeps {
  /** Opens one Watch stream after `resourceVersion` ('' = current state first). */
  open(resourceVersion: string): ClientReadableStream<pb.WatchEvent__Output>;
  retry: ResolvedRetryOptions;
  maxReconnects: number;
  signal?: AbortSignal;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

// A dropped connection (server killed or restarting) surfaces as UNAVAILABLE; a server
// shutting down gracefully may cancel its streams. Neither is the caller's doing.
const RECONNECTABLE = new Set<Status>([Status.UNAVAILABLE, Status.CANCELLED]);

/**
 * A watch that survives its stream: when the stream fails with a reconnectable status or
 * simply ends, it waits a backoff and re-opens it after the last revision it saw (events
 * and bookmarks both move that point). So a consumer sees every change exactly once
 * across server restarts, as long as the server still has the history (otherwise
 * RevisionCompactedError, and the consumer must list again). A watch started without a
 * revision has no resume point until its initial state is complete: see InitialSync.
 */
export async function* resumingWatch(startRevision: string, deps: ResumingWatchDeps): AsyncGenerator<WatchEvent, void, undefined> {
  const { signal } = deps;
  const sleep = deps.sleep ?? realSleep;
  let revision = startRevision;
  let failures = 0;
  // Present while the initial state (ADDED…, then the first BOOKMARK) is still coming.
  let initial = startRevision ? undefined : new InitialSync();
  while (!signal?.aborted) {
    const resumedFrom = revision;
    initial?.restart();
    const call = deps.open(revision);
    const cancel = () => call.cancel();
    signal?.addEventListener('abort', cancel, { once: true });
    let lastError: Error | undefined;
    try {
      for await (const raw of call as AsyncIterable<pb.WatchEvent__Output>) {
        failures = 0;
        const at = raw.resourceVersion || raw.workload?.metadata?.resourceVersion || '';
        if (raw.type === 'BOOKMARK') {
          if (at) revision = at;
          if (initial) yield* initial.finish(at);
          initial = undefined;
          continue;
        }
        if (!raw.workload) continue;
        if (initial && raw.type !== 'ADDED') initial = undefined; // a server that does not mark the end
        const workload = workloadFromServer(raw.workload);
        if (initial) {
          const event = initial.added(workload, at);
          if (event) yield event;
          continue;
        }
        // A resumed stream must only carry later changes; drop any replay defensively.
        if (resumedFrom && at && isAtOrBefore(at, resumedFrom)) continue;
        if (at) revision = at;
        yield { type: raw.type as WatchEventType, workload, resourceVersion: at };
      }
    } catch (err) {
      if (signal?.aborted) return;
      if (!isGrpcStatus(err)) throw err;
      if (!RECONNECTABLE.has(err.code)) throw statusToError(err);
      lastError = statusToError(err);
    } finally {
      signal?.removeEventListener('abort', cancel);
      call.cancel();
    }
    if (signal?.aborted) return;
    failures++;
    if (failures > deps.maxReconnects) {
      throw lastError ?? new UnavailableError(`watch stream closed ${failures} times in a row`);
    }
    try {
      await sleep(backoffDelay(failures, deps.retry), signal);
    } catch {
      return; // aborted while waiting to reconnect
    }
  }
}
