import { CoreV1Api, makeInformer, type Informer, type KubeConfig, type ObjectCache, type V1Node } from '@kubernetes/client-node';
import type { MosaicError } from '@mosaic/api';
import { WaitTimeoutError } from '../errors/wait-timeout-error.js';
import { mapKubernetesError } from '../errors/map-kubernetes-error.js';
import type { InventoryNode } from './inventory-node.js';
import type { NodeInventoryOptions } from './node-inventory-options.js';
import { toInventoryNode } from './to-inventory-node.js';

/** Events of a {@link NodeInventory}. */
export interface NodeInventoryEvents {
  /** A node appeared, changed or disappeared; carries the new snapshot. */
  readonly change: (nodes: readonly InventoryNode[]) => void;
  /** The watch failed; the inventory re-lists by itself after a delay. */
  readonly error: (error: MosaicError) => void;
}

/**
 * The cluster's nodes, kept current by list-and-watch (an informer), as plain
 * InventoryNode values the scheduler can filter and score without I/O.
 */
export class NodeInventory {
  private readonly informer: Informer<V1Node> & ObjectCache<V1Node>;
  private readonly listeners: { [E in keyof NodeInventoryEvents]: Set<NodeInventoryEvents[E]> } = { change: new Set(), error: new Set() };
  private snapshot: readonly InventoryNode[] = [];
  private running = false;
  private restartTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  private lastError: MosaicError | undefined;

  constructor(kubeConfig: KubeConfig, private readonly options: NodeInventoryOptions = {}) {
    const core = kubeConfig.makeApiClient(CoreV1Api);
    const labelSelector = options.labelSelector;
    this.informer = makeInformer<V1Node>(
      kubeConfig,
      '/api/v1/nodes',
      () => core.listNode(labelSelector === undefined ? {} : { labelSelector }),
      labelSelector,
    );
    const refresh = (): void => this.refresh();
    this.informer.on('add', refresh);
    this.informer.on('update', refresh);
    this.informer.on('delete', refresh);
    this.informer.on('error', (error: unknown) => this.failed(error));
  }

  /** Lists the nodes and starts watching. Rejects if the first list fails. */
  async start(): Promise<void> {
    this.running = true;
    this.lastError = undefined;
    await this.informer.start();
    // client-node reports a failed first list through the error callback, not the promise.
    const error = this.takeError();
    if (error !== undefined) {
      await this.stop();
      throw error;
    }
    this.failures = 0;
    this.refresh();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.restartTimer);
    await this.informer.stop();
  }

  /** Every tracked node, sorted by name. */
  nodes(): readonly InventoryNode[] {
    return this.snapshot;
  }

  node(name: string): InventoryNode | undefined {
    return this.snapshot.find((n) => n.name === name);
  }

  on<E extends keyof NodeInventoryEvents>(event: E, listener: NodeInventoryEvents[E]): () => void {
    this.listeners[event].add(listener);
    return () => this.listeners[event].delete(listener);
  }

  /** Resolves with the snapshot once `predicate` holds; WaitTimeoutError after `timeoutMs`. */
  async waitFor(predicate: (nodes: readonly InventoryNode[]) => boolean, timeoutMs: number): Promise<readonly InventoryNode[]> {
    if (predicate(this.snapshot)) return this.snapshot;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new WaitTimeoutError(`node inventory did not reach the expected state within ${timeoutMs} ms`));
      }, timeoutMs);
      const off = this.on('change', (nodes) => {
        if (!predicate(nodes)) return;
        clearTimeout(timer);
        off();
        resolve(nodes);
      });
    });
  }

  private takeError(): MosaicError | undefined {
    const error = this.lastError;
    this.lastError = undefined;
    return error;
  }

  private refresh(): void {
    this.snapshot = this.informer.list().map(toInventoryNode).sort((a, b) => a.name.localeCompare(b.name));
    for (const listener of this.listeners.change) listener(this.snapshot);
  }

  private failed(error: unknown): void {
    const mapped = mapKubernetesError(error, 'watch nodes');
    this.lastError = mapped;
    for (const listener of this.listeners.error) listener(mapped);
    if (!this.running) return;
    const delay = Math.min(30_000, (this.options.restartDelayMs ?? 1000) * 2 ** this.failures);
    this.failures++;
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => {
      if (!this.running) return;
      this.informer.start().then(() => this.refresh(), (e: unknown) => this.failed(e));
    }, delay);
    this.restartTimer.unref();
  }
}
