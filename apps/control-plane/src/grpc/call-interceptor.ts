import { ResponderBuilder, ServerInterceptingCall, ServerListenerBuilder, status as GrpcStatus, type ServerInterceptor } from '@grpc/grpc-js';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { CallTracker } from './call-tracker.js';

/**
 * Sees every call of every service (health and reflection included) from its headers to its
 * status: counts it in the {@link CallTracker} for graceful shutdown, and writes one debug
 * line per RPC with method, status code and duration. Being an interceptor, no handler can
 * forget either.
 */
export function callInterceptor(tracker: CallTracker, log: Logger): ServerInterceptor {
  return (method, call) => {
    const started = performance.now();
    const end = tracker.begin(method.path);
    let finished = false;
    const finish = (code: GrpcStatus, details?: string) => {
      if (finished) return;
      finished = true;
      end();
      if (!log.isLevelEnabled('debug')) return;
      const durationMs = Math.round((performance.now() - started) * 1000) / 1000;
      log.debug({ method: method.path, code: GrpcStatus[code], durationMs, ...(code ? { details } : {}) }, 'rpc');
    };
    const responder = new ResponderBuilder()
      .withStart((next) => next(new ServerListenerBuilder().withOnCancel(() => finish(GrpcStatus.CANCELLED)).build()))
      .withSendStatus((status, next) => {
        finish(status.code, status.details);
        next(status);
      })
      .build();
    return new ServerInterceptingCall(call, responder);
  };
}
