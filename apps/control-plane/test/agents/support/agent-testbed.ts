import { CLUSTER_NAMESPACE, NODE_KIND, type NodeObject } from '@mosaic/api';
import { join } from 'node:path';
import { pino } from 'pino';
import { startControlPlane, type ControlPlane, type ControlPlaneOptions } from '../../../src/index.js';
import { tempDir } from '../../support/test-control-plane.js';
import { AgentProcess } from './agent-process.js';
import { NodeApi } from './node-client.js';
import { eventually, pidsWith } from './wait.js';

/**
 * An in-process control plane (reconciler off: the tests create Instances themselves, as the
 * reconciler would) with a short heartbeat timeout, plus agent processes. Everything lives
 * under one temp dir, which also tags every instance process (their exit shim names a file
 * in it), so `close()` can find and kill exactly the processes this testbed started.
 */
export class AgentTestbed {
  readonly dir = tempDir('mosaic-agents-');
  readonly agents: AgentProcess[] = [];
  controlPlane!: ControlPlane;
  api!: NodeApi;

  async start(options: ControlPlaneOptions = {}): Promise<this> {
    this.controlPlane = await startControlPlane({
      stateDir: join(this.dir.path, 'control-plane'),
      listen: '127.0.0.1:0',
      logger: pino({ level: process.env['MOSAIC_TEST_LOG_LEVEL'] ?? 'silent' }),
      reconcile: false,
      nodeHeartbeatTimeoutSeconds: 2,
      ...options,
    });
    this.api = new NodeApi(this.controlPlane.address);
    return this;
  }

  get store() {
    return this.controlPlane.store;
  }

  /** Starts an agent process; its state dir is named after the node unless given. */
  agent(nodeName: string, options: { labels?: string; stateDir?: string; extraArgs?: string[] } = {}): AgentProcess {
    const agent = new AgentProcess({
      server: this.controlPlane.address,
      nodeName,
      stateDir: options.stateDir ?? this.agentStateDir(nodeName),
      ...(options.labels ? { labels: options.labels } : {}),
      ...(options.extraArgs ? { extraArgs: options.extraArgs } : {}),
    });
    this.agents.push(agent);
    return agent;
  }

  agentStateDir(nodeName: string): string {
    return join(this.dir.path, 'agents', nodeName);
  }

  async node(name: string): Promise<NodeObject | undefined> {
    try {
      return await this.store.get<NodeObject>(NODE_KIND, CLUSTER_NAMESPACE, name);
    } catch {
      return undefined;
    }
  }

  /** Resolves with the node once it is in `state`. */
  waitForNodeState(name: string, state: string, timeoutMs = 10_000, agent?: AgentProcess): Promise<NodeObject> {
    return eventually(
      async () => {
        const node = await this.node(name);
        return node?.status?.state === state ? node : undefined;
      },
      timeoutMs,
      () => `node ${name} to be ${state}${agent ? `; agent output:\n${agent.output()}` : ''}`,
    );
  }

  /** Stops agents and the control plane, kills instance processes left running, removes the dir. */
  async close(): Promise<void> {
    await Promise.all(this.agents.map((a) => a.kill9()));
    this.api?.close();
    await this.controlPlane?.stop();
    killInstanceProcesses(this.dir.path);
    this.dir.remove();
  }
}

/** SIGKILLs the process groups of every live process whose command line mentions `marker`. */
export function killInstanceProcesses(marker: string): void {
  for (const pid of pidsWith(marker)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}
