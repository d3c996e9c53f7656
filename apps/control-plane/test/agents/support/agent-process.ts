import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/** The agent's built bin: tests run what operators run. */
export const AGENT_BIN = fileURLToPath(new URL('../../../../agent/dist/main.js', import.meta.url));
/** The repository root, the agents' base dir (examples/ paths resolve against it). */
export const REPO_ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));

export interface AgentProcessOptions {
  server: string;
  nodeName: string;
  stateDir: string;
  labels?: string;
  extraArgs?: string[];
}

/** One `mosaic-agent` process; `stop()` is graceful, `kill9()` is not. */
export class AgentProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<void>;
  private out = '';

  constructor(readonly options: AgentProcessOptions) {
    const args = [AGENT_BIN, '--server', options.server, '--node-name', options.nodeName, '--state-dir', options.stateDir, '--base-dir', REPO_ROOT, '--log-level', 'debug'];
    if (options.labels) args.push('--labels', options.labels);
    this.child = spawn(process.execPath, [...args, ...(options.extraArgs ?? [])], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (d: Buffer) => (this.out += d.toString()));
    this.child.stderr!.on('data', (d: Buffer) => (this.out += d.toString()));
    this.exited = once(this.child, 'exit').then(() => undefined);
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Everything it printed (JSON log lines), for failure messages. */
  output(): string {
    return this.out;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** SIGTERM: the agent lets go of its instances (they keep running) and exits. */
  async stop(): Promise<void> {
    if (this.running) this.child.kill('SIGTERM');
    await this.exited;
  }

  async kill9(): Promise<void> {
    if (this.running) this.child.kill('SIGKILL');
    await this.exited;
  }
}
