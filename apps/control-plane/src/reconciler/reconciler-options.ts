import type { FunctionStatsSource } from '../rollouts/canary-measurements.js';
import type { Logger } from 'pino';

/** Options of {@link ReconcileController}. */
export interface ReconcileControllerOptions {
  /**
   * How long a node may be not Ready before its instances are declared lost: their finalizer is
   * removed (they disappear) and replacements are placed elsewhere.
   * @defaultValue 60000
   */
  nodeLostGraceMs?: number;
  /**
   * Old revisions kept per workload (for history and rollback) besides the current one and any
   * revision an instance still runs.
   * @defaultValue 10
   */
  revisionHistoryLimit?: number;
  /**
   * Asked to reconcile `key` again at `atMs` (ms since the epoch) although no event will say so:
   * the moment a not-Ready node's grace runs out.
   * @defaultValue none (the periodic resync catches it later)
   */
  requeueAt?: (key: string, atMs: number) => void;
  /**
   * Durable "reconcile `key` at `atMs`" for rollouts (a timed pause's end, the next analysis
   * measurement, the progress deadline): a BullMQ delayed job with the deterministic id `id`, so it
   * survives a control-plane restart.
   * @defaultValue none (only `requeueAt` and the resync)
   */
  wakeAt?: (key: string, atMs: number, id: string) => void;
  /**
   * Recent invocation figures per function revision, for rollout analysis (`errorRate`,
   * `latencyP99`); a getter because the functions start after the reconciler.
   * @defaultValue none (function metrics are inconclusive)
   */
  functionStats?: () => FunctionStatsSource | undefined;
  /** @defaultValue `() => new Date()` */
  now?: () => Date;
  log: Logger;
}

/** Options of {@link startReconciler}, the wiring of queue, worker, watches and resync. */
export interface ReconcilerOptions extends Omit<ReconcileControllerOptions, 'requeueAt' | 'wakeAt'> {
  /**
   * Directory of the private Redis when no URL is configured.
   */
  redisDataDir: string;
  /**
   * Redis URL; empty means `MOSAIC_REDIS_URL`, else a private `redis-server` under `redisDataDir`.
   * @defaultValue ''
   */
  redisUrl?: string;
  /**
   * Every workload is enqueued this often, whatever happened: catches anything a watch missed
   * and the end of node grace periods after a restart.
   * @defaultValue 30000
   */
  resyncIntervalMs?: number;
  /**
   * BullMQ queue name (tests and benchmarks share one Redis with unique names).
   * @defaultValue 'reconcile'
   */
  queueName?: string;
}
