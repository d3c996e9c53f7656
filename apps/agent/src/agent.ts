import { homedir, hostname } from 'node:os';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InvalidArgumentError, dnsLabel } from '@mosaic/api';
import type { pb } from '@mosaic/proto';
import { setup as setupEbpf } from '@mosaic/runtime-ebpf';
import { setup as setupFunction } from '@mosaic/runtime-function';
import { setup as setupService } from '@mosaic/runtime-service';
import { setup as setupWasm } from '@mosaic/runtime-wasm';
import { pino, type Logger } from 'pino';
import { loadAgentId } from './agent-id.js';
import type { AgentOptions } from './agent-options.js';
import { AgentPaths } from './agent-paths.js';
import { Backoff } from './connection/backoff.js';
import { ControlConnection } from './connection/control-connection.js';
import { ReportBatcher } from './connection/report-batcher.js';
import { InstanceManager } from './instances/instance-manager.js';
import { LogServer } from './logs/log-server.js';
import { instanceFamilies, renderAgentMetrics } from './metrics/instance-metrics.js';
import { MetricsServer } from './metrics/metrics-server.js';
import { gatherNodeFacts, type NodeFacts } from './node/node-facts.js';
import { nodeNameFromHostname } from './node/node-facts-parsing.js';

/** A running agent. */
export interface Agent {
  readonly nodeName: string;
  readonly agentId: string;
  readonly stateDir: string;
  readonly facts: NodeFacts;
  /** `host:port` of the Prometheus endpoint (`GET /metrics`), when `metricsListen` was given. */
  readonly metricsAddress: string | undefined;
  /** Whether the agent is registered with the control plane right now. */
  readonly registered: boolean;
  /** Resolves the next time the agent is registered (at once when it is). */
  whenRegistered(): Promise<void>;
  /**
   * Graceful shutdown: stops reconnecting, closes the stream and lets go of every instance
   * without stopping it (the next agent process on this state dir adopts them). Idempotent.
   */
  stop(): Promise<void>;
}

/** The agent's own version, reported with the node (`mosaic nodes -o wide`). */
export function agentVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/**
 * Starts a node agent: registers the drivers, looks at the machine, adopts the instances a
 * previous agent process left under the same state dir, then connects to the control plane
 * (and keeps reconnecting) to receive assignments and report instance states. Resolves once
 * adoption is done and the first connection attempt has started; see {@link Agent.whenRegistered}.
 * @throws InvalidArgumentError for a bad node name or server address.
 */
export async function startAgent(options: AgentOptions): Promise<Agent> {
  const log: Logger = options.logger ?? pino({ level: options.logLevel ?? 'info' }, pino.destination(2));
  const nodeName = options.nodeName ?? nodeNameFromHostname(hostname());
  const nameCheck = dnsLabel.safeParse(nodeName);
  if (!nameCheck.success) throw new InvalidArgumentError('invalid agent options', [{ path: 'nodeName', message: nameCheck.error.issues[0]?.message ?? 'invalid' }]);
  if (!options.server) throw new InvalidArgumentError('invalid agent options', [{ path: 'server', message: 'required: host:port of the control plane' }]);

  const stateDir = resolve(options.stateDir ?? join(homedir(), '.mosaic', 'agent'));
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const paths = new AgentPaths(stateDir);
  const agentId = loadAgentId(paths.agentIdFile);
  const labels = options.labels ?? {};
  const agentLog = log.child({ node: nodeName });

  // Drivers register themselves.
  setupService();
  setupWasm({ allowUnsandboxed: options.allowUnsandboxedWasm ?? false });
  // The function driver learns the queues' Redis from the registration unless --redis-url says.
  const functions = setupFunction(options.redisUrl ? { redisUrl: options.redisUrl } : {});
  setupEbpf({ allowBpf: options.allowBpf ?? false });
  const facts = await gatherNodeFacts(options.capacity ? { capacity: options.capacity } : {});
  for (const r of facts.runtimes.filter((r) => !r.available)) agentLog.warn({ runtime: r.name, reason: r.reason }, `runtime unavailable: ${r.message ?? ''}`);

  // Everything below refers to everything else through closures that first run after
  // `connection.start()`, so the order of these declarations does not matter.
  const connection: ControlConnection = new ControlConnection({
    address: options.server,
    registration: () => ({
      nodeName,
      agentId,
      labels,
      facts: { ...facts, agentVersion: version },
      instances: manager.reports(new Date().toISOString()),
    }),
    onRegistered: (_interval, registered) => {
      if (!options.redisUrl) functions.setRedisUrl(registered.redisUrl);
      batcher.flush();
    },
    onMessage: (message) => handle(message),
    onDisconnected: () => logServer.cancelAll(),
    heartbeat: () => ({ instances: manager.size }),
    backoff: new Backoff(options.reconnect?.initialMs ?? 200, options.reconnect?.maxMs ?? 3000),
    log: agentLog,
  });
  const batcher = new ReportBatcher(options.reportDelayMs ?? 50, (key) => {
    if (!connection.registered) return false;
    const report = manager.report(key, new Date().toISOString());
    if (report) connection.send({ report });
    return true;
  });
  const manager = new InstanceManager({
    paths,
    baseDir: resolve(options.baseDir ?? process.cwd()),
    node: { name: nodeName, labels },
    log: agentLog,
    onChange: (key) => batcher.mark(key),
  });
  const logServer = new LogServer({
    handle: (namespace, name) => manager.handle(namespace, name),
    metrics: (namespace, name) => {
      const view = manager.views().find((v) => v.assignment.namespace === namespace && v.assignment.name === name);
      return view ? instanceFamilies(view, nodeName) : undefined;
    },
    send: (chunk, signal) => connection.sendWithBackpressure({ log: chunk }, signal),
    node: nodeName,
    log: agentLog,
  });
  const version = agentVersion();

  const adoption = await manager.adoptAll();
  if (adoption.adopted || adoption.cleanedUp) agentLog.info(adoption, 'instances of the previous agent process adopted');
  const metricsServer = options.metricsListen ? await MetricsServer.listen(options.metricsListen, () => renderAgentMetrics(manager.views(), nodeName)) : undefined;
  if (metricsServer) agentLog.info({ address: metricsServer.address }, 'serving Prometheus metrics on /metrics');

  function handle(message: pb.ControlMessage__Output): void {
    if (message.assign) manager.assign(message.assign);
    else if (message.stop) void stopInstance(message.stop);
    else if (message.logRequest) logServer.serve(message.logRequest);
    else if (message.cancelLog) logServer.cancel(message.cancelLog.requestId ?? '');
  }

  async function stopInstance(stop: pb.StopInstance__Output): Promise<void> {
    const namespace = stop.namespace ?? '';
    const name = stop.instanceId ?? '';
    const report = await manager.stop(namespace, name, stop.graceSeconds ? stop.graceSeconds * 1000 : undefined);
    // The final report replaces any pending one; if it cannot be sent now, the next
    // registration no longer lists the instance, which tells the control plane the same.
    batcher.forget(`${namespace}/${name}`);
    connection.send({ report });
  }

  connection.start();
  let stopping: Promise<void> | undefined;
  return {
    nodeName,
    agentId,
    stateDir,
    facts,
    metricsAddress: metricsServer?.address,
    get registered() {
      return connection.registered;
    },
    whenRegistered: () => connection.whenRegistered(),
    stop: () =>
      (stopping ??= (async () => {
        batcher.flush();
        await connection.stop();
        batcher.stop();
        logServer.cancelAll();
        await metricsServer?.close();
        await manager.detachAll();
        agentLog.info('agent stopped; its instances keep running');
      })()),
  };
}
