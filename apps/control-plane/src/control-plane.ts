import { UnavailableError } from '@mosaic/api';
import { createSqliteStore, type Store } from '@mosaic/store';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { ControlPlaneOptions } from './config/control-plane-options.js';
import { formatListenAddress, parseListenAddress } from './config/listen-address.js';
import { defaultOptions, withDefaults } from './config/resolve-options.js';
import { createGrpcServer, FUNCTION_SERVICE_NAME, WORKLOAD_SERVICE_NAME, type MosaicGrpcServer } from './grpc/grpc-server.js';
import { createLogger } from './logging/create-logger.js';
import { createAgentServices, type AgentServices } from './agents/agent-services.js';
import { startReconciler, type Reconciler } from './reconciler/start-reconciler.js';
import { addRolloutService } from './rollouts/rollout-handlers.js';
import { RolloutService } from './rollouts/rollout-service.js';
import { startFunctions, type Functions } from './functions/start-functions.js';
import { WorkloadService } from './workloads/workload-service.js';

/** File name of the SQLite database inside the state directory. */
export const DATABASE_FILE = 'mosaic.db';
/** Directory of the private Redis inside the state directory. */
export const REDIS_DIR = 'redis';

/**
 * After every call of ours has finished, how long to let the server flush the last responses
 * before cancelling what is left (only streams such as health watches remain by then).
 */
const FLUSH_GRACE_MS = 500;

/** A running control plane. */
export interface ControlPlane {
  /** `host:port` actually bound (the chosen port when `listen` asked for port 0). */
  readonly address: string;
  /** The state directory in use (`~` expanded). */
  readonly stateDir: string;
  /** The store, for in-process controllers and tests. */
  readonly store: Store;
  /** The Workload API as an in-process service (the gRPC handlers call the same object). */
  readonly workloads: WorkloadService;
  /** Connected agents, Node queries and log relay (AgentService, NodeService, LogService). */
  readonly agents: AgentServices;
  /** The reconcile loop: queue, worker, watches; undefined with `reconcile: false`. */
  readonly reconciler: Reconciler | undefined;
  /**
   * Function invocation (invoker, triggers, stats, HTTP gateway) on the reconciler's Redis;
   * undefined with `reconcile: false`. `functions.onInvocation(cb)` announces every accepted
   * invocation; `functions.stats.stats(ns, name, revision)` gives recent figures per revision.
   */
  readonly functions: Functions | undefined;
  /** `host:port` of the functions HTTP gateway, when it serves. */
  readonly httpAddress: string | undefined;
  readonly logger: Logger;
  /**
   * Graceful shutdown: health turns NOT_SERVING, new calls are refused, watch streams end
   * with OK, in-flight calls get `shutdownTimeoutSeconds` to finish (then are cancelled), and
   * the store is closed. Idempotent; resolves when everything is released.
   */
  stop(): Promise<void>;
}

/**
 * Opens the store under `stateDir` and serves the gRPC API on `listen`.
 * @throws InvalidArgumentError for bad options; UnavailableError when the address cannot be bound.
 */
export async function startControlPlane(options: ControlPlaneOptions = {}): Promise<ControlPlane> {
  const config = withDefaults(options);
  const listen = parseListenAddress(config.listen);
  const log = options.logger ?? createLogger(config.logLevel);

  mkdirSync(config.stateDir, { recursive: true, mode: 0o700 });
  const store = await createSqliteStore({ path: join(config.stateDir, DATABASE_FILE) });
  const workloads = new WorkloadService(store, { defaultBookmarkIntervalSeconds: config.defaultBookmarkIntervalSeconds });
  let functions: Functions | undefined;
  const grpc = createGrpcServer(workloads, {
    maxReceiveMessageBytes: config.maxReceiveMessageBytes,
    maxSendMessageBytes: config.maxSendMessageBytes,
    log,
    invoker: () => functions?.invoker,
  });
  const agents = createAgentServices(store, { heartbeatTimeoutSeconds: config.nodeHeartbeatTimeoutSeconds, log });
  agents.addTo(grpc.server, grpc.tracker);
  // Rollout commands wake the reconciler at once (status-only writes trigger no reconcile).
  const rollouts = new RolloutService(store, { enqueue: (key) => void reconciler?.queue.enqueue(key).catch(() => undefined) });
  addRolloutService(grpc.server, grpc.tracker, rollouts, log);

  let port: number;
  try {
    port = await grpc.bind(listen);
  } catch (err) {
    grpc.server.forceShutdown();
    await store.close();
    throw new UnavailableError(`cannot listen on ${config.listen}: ${(err as Error).message}`, { cause: err });
  }
  const address = formatListenAddress({ host: listen.host, port });
  await agents.start();
  let reconciler: Reconciler | undefined;
  try {
    if (config.reconcile) reconciler = await startReconciler(store, {
      redisDataDir: join(config.stateDir, REDIS_DIR),
      redisUrl: config.redisUrl,
      resyncIntervalMs: config.resyncIntervalSeconds * 1000,
      nodeLostGraceMs: config.nodeLostGraceSeconds * 1000,
      revisionHistoryLimit: config.revisionHistoryLimit,
      functionStats: () => functions?.stats,
      log,
    });
    // Agents' function drivers consume invocations from the reconciler's Redis.
    if (reconciler) agents.setRedisUrl(reconciler.redis.url);
    if (reconciler) functions = await startFunctions(store, {
      redisUrl: reconciler.redis.url,
      httpListen: parseListenAddress(config.httpListen),
      // The default address is best-effort (a second control plane on this machine runs without a
      // gateway); an address the operator chose must bind.
      httpListenOptional: config.httpListen === defaultOptions().httpListen,
      log,
    });
    // A cold function scales from zero on its first invocation, not at the autoscaler's next sample.
    if (reconciler && functions) functions.onInvocation((e) => void reconciler!.autoscaler.poke(e.namespace, e.name));
  } catch (err) {
    await reconciler?.stop().catch(() => undefined);
    grpc.server.forceShutdown();
    await agents.stop();
    await store.close();
    throw err;
  }
  setServing(grpc, 'SERVING');
  log.info({ address, stateDir: config.stateDir }, 'control plane started');

  let stopping: Promise<void> | undefined;
  return {
    address,
    stateDir: config.stateDir,
    store,
    workloads,
    agents,
    reconciler,
    functions,
    httpAddress: functions?.httpAddress,
    logger: log,
    stop: () => (stopping ??= shutdown(grpc, store, agents, reconciler, log, config.shutdownTimeoutSeconds * 1000, functions)),
  };
}

function setServing(grpc: MosaicGrpcServer, status: 'SERVING' | 'NOT_SERVING'): void {
  grpc.health.setStatus('', status);
  grpc.health.setStatus(WORKLOAD_SERVICE_NAME, status);
  grpc.health.setStatus(FUNCTION_SERVICE_NAME, status);
}

async function shutdown(grpc: MosaicGrpcServer, store: Store, agents: AgentServices, reconciler: Reconciler | undefined, log: Logger, timeoutMs: number, functions?: Functions): Promise<void> {
  log.info({ inFlight: grpc.tracker.size }, 'shutting down');
  setServing(grpc, 'NOT_SERVING');
  // Stop listening and send GOAWAY: no new calls, but calls already started (even those whose
  // request is still arriving) run to completion.
  const drained = new Promise<void>((resolve) => grpc.server.tryShutdown(() => resolve()));
  grpc.tracker.endWatches();
  const timedOut = sleep(timeoutMs, 'timeout' as const, { ref: false });
  // Once our calls are done only detached streams (health watches) can hold the server open.
  const finished = grpc.tracker.idle().then(() => Promise.race([drained, sleep(FLUSH_GRACE_MS, undefined, { ref: false })]));
  const outcome = await Promise.race([drained, finished, timedOut]);
  if (outcome === 'timeout') log.warn({ inFlight: grpc.tracker.size, timeoutMs }, 'in-flight calls did not finish in time; cancelling them');
  grpc.server.forceShutdown();
  await functions?.stop();
  await reconciler?.stop();
  await agents.stop();
  await store.close();
  log.info('control plane stopped');
}
