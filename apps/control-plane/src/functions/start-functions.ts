import type { Store } from '@mosaic/store';
import type { Logger } from 'pino';
import { FunctionQueues } from './function-queues.js';
import { FunctionStats } from './function-stats.js';
import { FunctionTriggers } from './function-triggers.js';
import { HttpGateway } from './http-gateway.js';
import type { HttpGatewayOptions } from './http-gateway-options.js';
import type { InvocationEvent } from './invocation-types.js';
import { Invoker } from './invoker.js';
import type { InvokerOptions } from './invoker-options.js';

export interface FunctionsOptions extends InvokerOptions, HttpGatewayOptions {
  /** The control plane's Redis (the reconciler's). */
  redisUrl: string;
  /**
   * Where the HTTP gateway listens; undefined: no gateway.
   * @defaultValue undefined
   */
  httpListen?: { host: string; port: number };
  /**
   * With true, a gateway address that cannot be bound only logs a warning (the default address
   * may be taken by another Mosaic on the machine) instead of failing the start.
   * @defaultValue false
   */
  httpListenOptional?: boolean;
  log: Logger;
}

/** The running functions subsystem of a control plane. */
export interface Functions {
  readonly invoker: Invoker;
  /** Recent invocations per revision (rollout analysis: `stats.stats(ns, name, revision)`). */
  readonly stats: FunctionStats;
  readonly queues: FunctionQueues;
  readonly triggers: FunctionTriggers;
  /** `host:port` of the HTTP gateway, when it serves. */
  readonly httpAddress: string | undefined;
  /**
   * Subscribes to every accepted invocation (the autoscaler scales a cold function from zero on
   * it). Same as `invoker.onInvocation`. Returns the unsubscribe function.
   */
  onInvocation(listener: (event: InvocationEvent) => void): () => void;
  stop(): Promise<void>;
}

/** Starts the invoker, the stats feed, the triggers and the HTTP gateway on the control plane's Redis. */
export async function startFunctions(store: Store, options: FunctionsOptions): Promise<Functions> {
  const log = options.log.child({ component: 'functions' });
  const queues = new FunctionQueues(options.redisUrl, log);
  const stats = new FunctionStats();
  queues.onFinished((at, outcome) => stats.record(at.namespace, at.name, at.revision, outcome));
  const invoker = new Invoker(store, queues, options);
  const triggers = new FunctionTriggers(store, invoker, options.redisUrl, log);
  triggers.start();

  let gateway: HttpGateway | undefined;
  let httpAddress: string | undefined;
  if (options.httpListen) {
    const { host, port } = options.httpListen;
    const candidate = new HttpGateway(() => invoker, (path) => triggers.routeFor(path), log, options);
    try {
      const bound = await candidate.listen(host, port);
      gateway = candidate;
      httpAddress = host.includes(':') ? `[${host}]:${bound}` : `${host}:${bound}`;
      log.info({ httpAddress }, 'functions HTTP gateway listening');
    } catch (err) {
      await candidate.close().catch(() => undefined);
      if (!options.httpListenOptional) {
        await triggers.stop();
        await queues.close();
        throw err;
      }
      log.warn({ err, host, port }, 'functions HTTP gateway not started: address unavailable');
    }
  }

  let stopping: Promise<void> | undefined;
  return {
    invoker,
    stats,
    queues,
    triggers,
    httpAddress,
    onInvocation: (listener) => invoker.onInvocation(listener),
    stop: () =>
      (stopping ??= (async () => {
        await gateway?.close();
        await triggers.stop();
        await queues.close();
      })()),
  };
}
