// A real cluster on one machine for the issue-level tests: the control-plane bin (reconciler on,
// private Redis, short heartbeat timeout and lost-node grace) on a fixed port, so agents find it
// again after a kill -9 and restart, plus any number of agent processes, each with its own
// state dir, node name and labels.
import { credentials, loadPackageDefinition } from '@grpc/grpc-js';
import { workloadFromProto, type Workload } from '@mosaic/api';
import { loadMosaicPackageDefinition, type NodeProtoGrpcType, type pb } from '@mosaic/proto';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { call, workloadClient, type WorkloadClient } from '../../support/grpc-client.js';
import { spawnControlPlane, type SpawnedControlPlane } from '../../support/spawned-control-plane.js';
import { tempDir } from '../../support/test-control-plane.js';

export const REPO_ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));
export const AGENT_BIN = join(REPO_ROOT, 'apps/agent/dist/main.js');

export interface ClusterOptions {
  /** `--node-heartbeat-timeout`. @defaultValue 2 */
  heartbeatTimeoutSeconds?: number;
  /** `--node-lost-grace`. @defaultValue 1 */
  nodeLostGraceSeconds?: number;
  /** `--resync-interval`. @defaultValue 2 */
  resyncIntervalSeconds?: number;
}

export interface AgentProcess {
  name: string;
  labels: Record<string, string>;
  stateDir: string;
  child: ChildProcess;
  exited: Promise<unknown>;
  stderr(): string;
}

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.once('error', reject);
  });

const alive = (p: ChildProcess) => p.exitCode === null && p.signalCode === null;

export class PipelineCluster {
  readonly dir = tempDir('mosaic-pipe-');
  /** Where echo-server instances publish their ports (see fixtures/echo-server.mjs). */
  readonly portDir = join(this.dir.path, 'ports');
  readonly agents = new Map<string, AgentProcess>();
  address = '';
  controlPlane: SpawnedControlPlane | undefined;
  client!: WorkloadClient;
  private nodes!: InstanceType<NodeProtoGrpcType['mosaic']['v1']['NodeService']>;
  private readonly applied = new Set<string>();
  private readonly pastLogs: string[] = [];

  constructor(private readonly options: ClusterOptions = {}) {
    mkdirSync(this.portDir, { recursive: true });
  }

  async start(): Promise<this> {
    this.address = `127.0.0.1:${await freePort()}`;
    await this.startControlPlane();
    return this;
  }

  async startControlPlane(): Promise<void> {
    const o = this.options;
    this.controlPlane = await spawnControlPlane(join(this.dir.path, 'control-plane'), [
      '--listen', this.address,
      '--reconcile', 'true',
      '--node-heartbeat-timeout', String(o.heartbeatTimeoutSeconds ?? 2),
      '--node-lost-grace', String(o.nodeLostGraceSeconds ?? 1),
      '--resync-interval', String(o.resyncIntervalSeconds ?? 2),
      // The functions HTTP gateway on a free port: its default 127.0.0.1:7080 is one per machine.
      '--http-listen', '127.0.0.1:0',
    ]);
    this.client?.close();
    this.nodes?.close();
    this.client = workloadClient(this.address);
    const proto = loadPackageDefinition(loadMosaicPackageDefinition()) as unknown as NodeProtoGrpcType;
    this.nodes = new proto.mosaic.v1.NodeService(this.address, credentials.createInsecure());
  }

  /** kill -9 of the control plane (its private Redis keeps running and is adopted on restart). */
  async killControlPlane(): Promise<void> {
    const cp = this.controlPlane!;
    this.pastLogs.push(`--- control plane (killed)\n${cp.stderr()}`);
    cp.child.kill('SIGKILL');
    await cp.exited;
  }

  /** Starts (or restarts, same state dir) an agent offering 4 cpus and 4Gi unless told otherwise. */
  async startAgent(name: string, labels: Record<string, string>, capacity: { cpu?: string; memory?: string } = {}, extraArgs: readonly string[] = []): Promise<AgentProcess> {
    const stateDir = join(this.dir.path, 'agents', name);
    const labelArg = Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',');
    const child = spawn(process.execPath, [
      AGENT_BIN, '--server', this.address, '--node-name', name, '--labels', labelArg,
      '--state-dir', stateDir, '--base-dir', REPO_ROOT, '--capacity-cpu', capacity.cpu ?? '4', '--capacity-memory', capacity.memory ?? '4Gi',
      ...extraArgs,
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr = (stderr + c).slice(-200_000)));
    const exited = once(child, 'exit');
    const agent: AgentProcess = { name, labels, stateDir, child, exited, stderr: () => stderr };
    this.agents.set(name, agent);
    await this.until(`node ${name} Ready`, async () => (await this.nodeState(name)) === 'Ready', 20_000);
    return agent;
  }

  async killAgent(name: string): Promise<void> {
    const agent = this.agents.get(name)!;
    this.pastLogs.push(`--- agent ${name} (killed)\n${agent.stderr()}`);
    agent.child.kill('SIGKILL');
    await agent.exited;
  }

  async nodeState(name: string): Promise<string | undefined> {
    return new Promise((resolve) =>
      this.nodes.Get({ name }, { deadline: Date.now() + 2000 }, (err, node) => resolve(err ? undefined : (node?.status?.state ?? undefined))),
    );
  }

  async apply(workload: pb.Workload): Promise<void> {
    await call(this.client, 'Apply', { workload });
    this.applied.add(`${workload.metadata!.namespace}/${workload.metadata!.name}`);
  }

  /** The workload as the API returns it (int64s as numbers), or undefined when gone. */
  async get(namespace: string, name: string): Promise<Workload | undefined> {
    try {
      return workloadFromProto(await call(this.client, 'Get', { namespace, name })) as Workload;
    } catch (err) {
      if ((err as { code?: number }).code === 5) return undefined;
      throw err;
    }
  }

  async delete(namespace: string, name: string): Promise<void> {
    await call(this.client, 'Delete', { namespace, name }).catch(() => undefined);
  }

  /** Polls `probe` until it returns something truthy; on timeout fails with the processes' logs. */
  async until<T>(what: string, probe: () => T | undefined | false | null | 0 | Promise<T | undefined | false | null | 0>, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown;
    for (;;) {
      try {
        const value = await probe();
        if (value) return value;
      } catch (err) {
        lastError = err;
      }
      if (Date.now() > deadline) {
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError instanceof Error ? ` (last error: ${lastError.message})` : ''}\n${this.logTail()}`);
      }
      await sleep(100);
    }
  }

  /** What echo-server instances published: instance id → { port, pid, node, revision }. */
  published(): Map<string, { port: number; pid: number; node: string; revision: number; instance: string }> {
    const out = new Map<string, { port: number; pid: number; node: string; revision: number; instance: string }>();
    for (const f of readdirSync(this.portDir).filter((n) => n.endsWith('.json'))) {
      const entry = JSON.parse(readFileSync(join(this.portDir, f), 'utf8')) as { port: number; pid: number; node: string; revision: number; instance: string };
      out.set(entry.instance, entry);
    }
    return out;
  }

  logTail(chars = 6000): string {
    const parts = [...this.pastLogs, `--- control plane\n${this.controlPlane?.stderr() ?? ''}`, ...[...this.agents.values()].map((a) => `--- agent ${a.name}\n${a.stderr()}`)];
    return parts.map((p) => p.slice(-chars)).join('\n');
  }

  /**
   * Deletes every workload applied (so agents stop their instances), stops agents and the control
   * plane gracefully (which stops the private Redis), then kills whatever echo server is left.
   */
  async close(): Promise<void> {
    try {
      // A test that failed after a kill -9 leaves the private Redis behind: restarting adopts it.
      if (this.controlPlane && !alive(this.controlPlane.child)) await this.startControlPlane().catch(() => undefined);
      if (this.controlPlane && alive(this.controlPlane.child)) {
        for (const key of this.applied) {
          const [ns, name] = key.split('/') as [string, string];
          await this.delete(ns, name);
        }
        const deadline = Date.now() + 20_000;
        for (const key of this.applied) {
          const [ns, name] = key.split('/') as [string, string];
          while (Date.now() < deadline && (await this.get(ns, name).catch(() => undefined))) await sleep(100);
        }
      }
    } finally {
      for (const a of this.agents.values()) if (alive(a.child)) a.child.kill('SIGTERM');
      await Promise.all([...this.agents.values()].map((a) => a.exited));
      if (this.controlPlane && alive(this.controlPlane.child)) {
        this.controlPlane.child.kill('SIGTERM');
        await this.controlPlane.exited;
      }
      this.client?.close();
      this.nodes?.close();
      for (const { pid } of this.published().values()) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone, as it should be
        }
      }
      this.dir.remove();
    }
  }
}

/** Whether a process with this pid exists. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
