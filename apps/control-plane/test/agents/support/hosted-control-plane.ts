import type { InstanceObject, NodeObject } from '@mosaic/api';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const HOST = fileURLToPath(new URL('./control-plane-host.ts', import.meta.url));

/** A control plane in a child process (see control-plane-host.ts), driven over its stdin. */
export class HostedControlPlane {
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private seq = 0;
  private stderr = '';
  readonly exited: Promise<void>;

  private constructor(readonly child: ChildProcess) {
    this.exited = once(child, 'exit').then(() => undefined);
    child.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
  }

  static async start(stateDir: string, listen: string, heartbeatSeconds = 2): Promise<HostedControlPlane> {
    const child = spawn(process.execPath, ['--import', 'tsx', HOST, stateDir, listen, String(heartbeatSeconds)], { stdio: ['pipe', 'pipe', 'pipe'] });
    const host = new HostedControlPlane(child);
    const lines = createInterface({ input: child.stdout });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the control-plane host did not start; stderr:\n${host.stderr}`)), 20_000);
      void host.exited.then(() => reject(new Error(`the control-plane host exited; stderr:\n${host.stderr}`)));
      lines.on('line', (line) => {
        if (line.startsWith('listening ')) {
          clearTimeout(timer);
          resolve();
          return;
        }
        const answer = JSON.parse(line) as { id: number; value?: unknown; error?: string };
        const waiter = host.pending.get(answer.id);
        host.pending.delete(answer.id);
        if (answer.error !== undefined) waiter?.reject(new Error(answer.error));
        else waiter?.resolve(answer.value);
      });
    });
    return host;
  }

  private request<T>(op: string, args: Record<string, unknown>): Promise<T> {
    const id = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve, reject });
      this.child.stdin!.write(JSON.stringify({ id, op, args }) + '\n');
    });
  }

  create(object: InstanceObject): Promise<InstanceObject> {
    return this.request('create', { object });
  }

  delete(namespace: string, name: string): Promise<unknown> {
    return this.request('delete', { namespace, name });
  }

  async instance(namespace: string, name: string): Promise<InstanceObject | undefined> {
    return (await this.request<InstanceObject | null>('get', { namespace, name })) ?? undefined;
  }

  async node(name: string): Promise<NodeObject | undefined> {
    return (await this.request<NodeObject | null>('node', { name })) ?? undefined;
  }

  async kill9(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** Graceful: closing stdin ends the command loop, then the control plane stops. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.stdin!.end();
    await this.exited;
  }
}
