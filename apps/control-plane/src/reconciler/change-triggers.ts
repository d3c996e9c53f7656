import { INSTANCE_KIND, NODE_KIND, WORKLOAD_KIND, objectKey, type InstanceObject, type NodeObject, type Workload } from '@mosaic/api';
import type { Store } from '@mosaic/store';
import type { Logger } from 'pino';
import { watchKind, type ChangeType } from './watch-kind.js';

/** Enqueues a reconcile of a workload key; never throws (failures are the caller's to log). */
export type Enqueue = (key: string) => void;

const ownerKey = (i: InstanceObject) => `${i.metadata.namespace}/${i.spec.workload}`;

/** What about a workload needs a reconcile: not its status (ours) nor labels or annotations. */
function workloadFingerprint(w: Workload): string {
  return JSON.stringify([w.metadata.uid, w.metadata.generation, w.metadata.deletionTimestamp, w.metadata.finalizers]);
}

/** What about an instance changes its workload's decisions or status (not `updatedAt`). */
function instanceFingerprint(i: InstanceObject): string {
  const s = i.status;
  const conditions = s?.conditions?.map((c) => [c.type, c.status, c.reason, c.message]);
  return JSON.stringify([s?.state, s?.restarts, s?.reason, s?.message, conditions, i.metadata.deletionTimestamp, i.metadata.finalizers]);
}

/** What about a node matters to placement and loss: everything but heartbeats. */
function nodeFingerprint(n: NodeObject): string {
  const s = n.status;
  return JSON.stringify([
    n.metadata.uid, n.metadata.labels, n.spec?.taints, n.spec?.unschedulable,
    s?.state, s?.capacity, s?.runtimes, s?.arch, s?.kernelVersion, s?.btf,
  ]);
}

/**
 * Turns store changes into reconcile requests:
 * - a Workload whose spec (generation), deletion or finalizers changed → its key;
 * - an Instance whose state, restarts, conditions or deletion changed → its workload's key
 *   (instances we just created carry no status yet, so their ADDED is skipped);
 * - a Node that appeared, vanished or changed anything but its heartbeat → every workload (a
 *   pending one may fit now, and instances on a node that stopped being Ready need watching).
 * The initial list enqueues every workload and every instance's owner (a full sync).
 */
export class ChangeTriggers {
  private readonly seen = new Map<string, string>();
  private readonly abort = new AbortController();
  private loops: Promise<void>[] = [];

  constructor(
    private readonly store: Store,
    private readonly enqueue: Enqueue,
    private readonly log: Logger,
  ) {}

  start(): void {
    const { signal } = this.abort;
    this.loops = [
      watchKind<Workload>(this.store, WORKLOAD_KIND, (t, w) => this.onWorkload(t, w), signal, this.log),
      watchKind<InstanceObject>(this.store, INSTANCE_KIND, (t, i) => this.onInstance(t, i), signal, this.log),
      watchKind<NodeObject>(this.store, NODE_KIND, (t, n) => this.onNode(t, n), signal, this.log),
    ];
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.all(this.loops);
  }

  /** Every workload and every instance owner (a workload may be gone while instances remain). */
  async enqueueAll(): Promise<number> {
    const [workloads, instances] = await Promise.all([
      this.store.list<Workload>(WORKLOAD_KIND),
      this.store.list<InstanceObject>(INSTANCE_KIND),
    ]);
    const keys = new Set([...workloads.items.map((w) => objectKey(w.metadata)), ...instances.items.map(ownerKey)]);
    for (const key of keys) this.enqueue(key);
    return keys.size;
  }

  /**
   * Whether the fingerprint differs from the last one seen. A first sighting by a (re-)list is
   * not a change (the list itself enqueues what it must); one by a watch event is.
   */
  private changed(id: string, type: ChangeType, fingerprint: string): boolean {
    if (type === 'DELETED') {
      this.seen.delete(id);
      return true;
    }
    const before = this.seen.get(id);
    this.seen.set(id, fingerprint);
    return before === undefined ? type !== 'SYNC' : before !== fingerprint;
  }

  private onWorkload(type: ChangeType, w: Workload): void {
    const key = objectKey(w.metadata);
    if (this.changed(`W:${key}`, type, workloadFingerprint(w)) || type === 'SYNC') this.enqueue(key);
  }

  private onInstance(type: ChangeType, i: InstanceObject): void {
    const changed = this.changed(`I:${objectKey(i.metadata)}`, type, instanceFingerprint(i));
    if (type === 'ADDED' && !i.status) return; // our own create: that reconcile already counted it
    if (changed || type === 'SYNC') this.enqueue(ownerKey(i));
  }

  private onNode(type: ChangeType, n: NodeObject): void {
    if (!this.changed(`N:${n.metadata.name}`, type, nodeFingerprint(n))) return;
    this.log.debug({ node: n.metadata.name, type, state: n.status?.state }, 'node changed; enqueueing every workload');
    this.enqueueAll().catch((err: unknown) => this.log.warn({ err }, 'could not enqueue workloads after a node change'));
  }
}
