import type { Logger } from 'pino';

/** Options of {@link FunctionAutoscaler}. */
export interface FunctionAutoscalerOptions {
  /** Redis holding the function revision queues (the reconciler's). */
  redisUrl: string;
  /** Enqueues a reconcile of `namespace/name` (the reconciler's deduplicated queue). */
  enqueue: (key: string) => void;
  log: Logger;
  /**
   * How often every function's revision queues are sampled.
   * @defaultValue 500
   */
  intervalMs?: number;
  /** @defaultValue `Date.now` */
  now?: () => number;
}
