import type { Server, ServiceDefinition, UntypedServiceImplementation } from '@grpc/grpc-js';
import { loadMosaicPackageDefinition } from '@mosaic/proto';
import type { Store } from '@mosaic/store';
import type { Logger } from 'pino';
import type { CallTracker } from '../grpc/call-tracker.js';
import { strictService } from '../grpc/strict-service.js';
import { AgentHub } from './agent-hub.js';
import { createAgentServiceHandlers } from './agent-service-handlers.js';
import type { AgentSession } from './agent-session.js';
import { createLogServiceHandlers } from './log-service-handlers.js';
import { createNodeServiceHandlers } from './node-service-handlers.js';
import { LogTail } from './log-tail.js';
import { NodeLiveness } from './node-liveness.js';
import { NodeQueries } from './node-queries.js';
import { NodeWriter } from './node-writer.js';

export const AGENT_SERVICE_NAME = 'mosaic.v1.AgentService';
export const NODE_SERVICE_NAME = 'mosaic.v1.NodeService';
export const LOG_SERVICE_NAME = 'mosaic.v1.LogService';

export interface AgentServicesOptions {
  /** See `ControlPlaneOptions.nodeHeartbeatTimeoutSeconds`. */
  heartbeatTimeoutSeconds: number;
  log: Logger;
}

/** The local placement backend's half in the control plane: agents, nodes and their logs. */
export interface AgentServices {
  readonly hub: AgentHub<AgentSession>;
  readonly nodes: NodeQueries;
  readonly logs: LogTail;
  /** How often agents are told to send heartbeats. */
  readonly heartbeatIntervalMs: number;
  /** Adds AgentService, NodeService and LogService to a server that is not bound yet. */
  addTo(server: Server, tracker: CallTracker): void;
  /** Starts the heartbeat monitor (every Ready node gets one timeout of grace to reconnect). */
  start(): Promise<void>;
  /** Stops the monitor and waits until ended sessions have finished their store writes. */
  stop(): Promise<void>;
  /** The queues' Redis URL, sent to agents in `Registered` (now to those already registered). */
  setRedisUrl(url: string): void;
}

/**
 * After a control-plane start, Ready nodes get at least this long to reconnect: twice the
 * agents' longest reconnect back-off (3 s) plus the time a restart takes.
 */
export const MIN_RESTART_GRACE_MS = 10_000;

/**
 * Heartbeats come three times per timeout, so one lost message never makes a node NotReady;
 * never more often than every 100 ms nor less often than every 5 s.
 */
export function heartbeatIntervalFor(timeoutMs: number): number {
  return Math.min(5000, Math.max(100, Math.floor(timeoutMs / 3)));
}

export function createAgentServices(store: Store, options: AgentServicesOptions): AgentServices {
  const log = options.log.child({ component: 'agents' });
  const timeoutMs = options.heartbeatTimeoutSeconds * 1000;
  const heartbeatIntervalMs = heartbeatIntervalFor(timeoutMs);
  const hub = new AgentHub<AgentSession>();
  const writer = new NodeWriter(store);
  const liveness = new NodeLiveness(writer, { timeoutMs, writeIntervalMs: heartbeatIntervalMs, restartGraceMs: Math.max(timeoutMs, MIN_RESTART_GRACE_MS), log });
  const nodes = new NodeQueries(store);
  const logs = new LogTail(store, hub);
  const sessions = new Set<AgentSession>();
  let redisUrl: string | undefined;

  return {
    hub,
    nodes,
    logs,
    heartbeatIntervalMs,
    addTo(server, tracker) {
      const definition = loadMosaicPackageDefinition();
      const add = (name: string, handlers: UntypedServiceImplementation) => {
        const service = definition[name] as ServiceDefinition | undefined;
        if (!service) throw new Error(`${name} is not in the Mosaic package definition`);
        server.addService(strictService(service, definition), handlers);
      };
      const track = (session: AgentSession) => {
        sessions.add(session);
        void session.closed.then(() => sessions.delete(session));
      };
      add(AGENT_SERVICE_NAME, createAgentServiceHandlers({ store, hub, writer, liveness, tracker, heartbeatIntervalMs, redisUrl: () => redisUrl, log }, track));
      add(NODE_SERVICE_NAME, createNodeServiceHandlers(nodes, log));
      add(LOG_SERVICE_NAME, createLogServiceHandlers(logs, tracker, log));
    },
    start: () => liveness.start(),
    setRedisUrl(url) {
      if (url === redisUrl) return;
      redisUrl = url;
      for (const session of sessions) session.announceRedisUrl();
    },
    async stop() {
      await liveness.stop();
      await Promise.all([...sessions].map((s) => s.closed));
    },
  };
}
