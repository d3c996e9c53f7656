import {
  INSTANCE_KIND, INSTANCE_STOP_FINALIZER, NODE_LABEL, isMosaicError,
  type InstanceObject, type ObjectMeta,
} from '@mosaic/api';
import type { pb } from '@mosaic/proto';
import type { Store, WatchEvent } from '@mosaic/store';
import type { Logger } from 'pino';
import { assignFor, statusFromReport, stopFor } from './agent-messages.js';
import { instanceKey, type AgentInstanceReport } from './agent-types.js';
import { LatestPerKeyQueue } from './latest-per-key-queue.js';
import { planInstanceSync } from './plan-instance-sync.js';

/** How often removing a finalizer is retried after losing a race with another writer. */
const CONFLICT_RETRIES = 5;

export interface InstanceDeliveryOptions {
  store: Store;
  node: string;
  send(message: pb.ControlMessage): void;
  log: Logger;
  /** Aborted when the session ends. */
  signal: AbortSignal;
}

/** What the agent holds (or was asked to hold) under one key, as far as this session knows. */
interface Delivered {
  uid: string;
  /** A Stop was sent; the agent answers with a `released` report. */
  stopping: boolean;
}

/**
 * The Instances of one node, delivered to its agent: on (re)connect it compares the store with
 * what the agent holds ({@link planInstanceSync}), then follows the store with a watch on the
 * node's label and turns new instances into Assigns and terminating ones into Stops. The
 * agent's reports go back into Instance status; a `released` report of a terminating instance
 * removes its stop finalizer, which lets the store delete it.
 */
export class InstanceDelivery {
  private readonly delivered = new Map<string, Delivered>();
  private readonly releasing = new Set<string>();
  private readonly reports: LatestPerKeyQueue<AgentInstanceReport>;
  private watching: Promise<void> | undefined;

  constructor(private readonly o: InstanceDeliveryOptions) {
    this.reports = new LatestPerKeyQueue(
      (_key, report) => this.applyReport(report),
      (err, key) => this.writeFailed(err, key, 'cannot record the instance report'),
    );
  }

  private get selector(): string {
    return `${NODE_LABEL}=${this.o.node}`;
  }

  /** Brings the store and the agent's `held` instances in line, then follows the store. */
  async start(held: readonly AgentInstanceReport[]): Promise<void> {
    const list = await this.o.store.list<InstanceObject>(INSTANCE_KIND, { labelSelector: this.selector });
    for (const r of held) if (!r.released) this.delivered.set(instanceKey(r), { uid: r.uid, stopping: false });
    const plan = planInstanceSync(list.items, held);
    for (const ref of plan.stop) this.sendStop(ref, this.delivered.get(instanceKey(ref))?.uid ?? '');
    for (const instance of plan.assign) this.sendAssign(instance);
    for (const { report } of plan.report) this.reports.push(instanceKey(report), report);
    for (const instance of plan.release) this.release(instance);
    this.o.log.info(
      { node: this.o.node, held: held.length, assign: plan.assign.length, stop: plan.stop.length, release: plan.release.length },
      'agent instances reconciled',
    );
    this.watching = this.follow(list.revision);
  }

  /** A report from the agent; written in order, only the newest pending one per instance. */
  report(report: AgentInstanceReport): void {
    this.reports.push(instanceKey(report), report);
  }

  /** Resolves once the watch has ended (the session's signal) and pending writes are done. */
  async stopped(): Promise<void> {
    await this.watching;
    await this.reports.idle();
  }

  private async follow(fromRevision: number): Promise<void> {
    let from = fromRevision;
    while (!this.o.signal.aborted) {
      const watch = this.o.store.watch<InstanceObject>(INSTANCE_KIND, { fromRevision: from, labelSelector: this.selector, signal: this.o.signal });
      try {
        for await (const event of watch) this.onEvent(event);
        return; // closed: the session ended or the store is closing
      } catch (err) {
        if (this.o.signal.aborted) return;
        // Overflow or compaction: whatever was missed, a fresh list says how things are now.
        this.o.log.warn({ err, node: this.o.node }, 'instance watch ended; re-listing');
        try {
          from = await this.resync();
        } catch (listErr) {
          this.o.log.error({ err: listErr, node: this.o.node }, 'cannot re-list instances; the session ends');
          return;
        }
      }
    }
  }

  private async resync(): Promise<number> {
    const list = await this.o.store.list<InstanceObject>(INSTANCE_KIND, { labelSelector: this.selector });
    const present = new Set(list.items.map((i) => instanceKey(i.metadata)));
    for (const instance of list.items) this.onInstance(instance);
    for (const [key, d] of this.delivered) {
      if (present.has(key) || d.stopping) continue;
      const [namespace = '', name = ''] = key.split('/');
      this.sendStop({ namespace, name }, d.uid);
    }
    return list.revision;
  }

  private onEvent(event: WatchEvent<InstanceObject>): void {
    if (event.type !== 'DELETED') return this.onInstance(event.object);
    // Gone from the store (our release, or the reconciler gave the node up as lost): if the
    // agent still runs it, it must stop.
    const key = instanceKey(event.object.metadata);
    const d = this.delivered.get(key);
    if (d && !d.stopping && d.uid === (event.object.metadata.uid ?? '')) this.sendStop(event.object.metadata, d.uid);
  }

  private onInstance(instance: InstanceObject): void {
    const meta = instance.metadata;
    const key = instanceKey(meta);
    const d = this.delivered.get(key);
    if (meta.deletionTimestamp) {
      if (!d || d.uid !== meta.uid) return this.release(instance); // nothing of it runs here
      if (!d.stopping) this.sendStop(meta, d.uid);
      return;
    }
    if (!d) {
      if (!isFinished(instance)) this.sendAssign(instance);
      return;
    }
    // The agent holds a namesake from before: it goes first; the release report assigns this one.
    if (d.uid && d.uid !== meta.uid && !d.stopping) this.sendStop(meta, d.uid);
  }

  private async applyReport(report: AgentInstanceReport): Promise<void> {
    const key = instanceKey(report);
    const instance = await this.read(report.namespace, report.name);
    if (report.released) {
      const d = this.delivered.get(key);
      if (d && (!report.uid || d.uid === report.uid)) this.delivered.delete(key);
      if (!instance) return;
      if (instance.metadata.deletionTimestamp) {
        if (this.delivered.get(key)?.uid !== instance.metadata.uid) this.release(instance);
      } else if (!this.delivered.has(key) && report.uid !== instance.metadata.uid && !isFinished(instance)) {
        this.sendAssign(instance);
      }
      return;
    }
    if (!instance || (report.uid && report.uid !== instance.metadata.uid)) {
      // The agent runs something the store does not want (any more): stop it.
      if (!this.delivered.get(key)?.stopping) this.sendStop(report, report.uid);
      return;
    }
    await this.o.store.updateStatus<InstanceObject>(INSTANCE_KIND, report.namespace, report.name, statusFromReport(report, new Date().toISOString()), {
      uid: instance.metadata.uid!,
    });
  }

  /** Removes the stop finalizer of an instance nothing runs for on this node (once at a time). */
  private release(instance: InstanceObject): void {
    const key = instanceKey(instance.metadata);
    if (this.releasing.has(key)) return;
    this.releasing.add(key);
    void this.removeFinalizer(instance)
      .catch((err: unknown) => this.writeFailed(err, key, 'cannot remove the stop finalizer'))
      .finally(() => this.releasing.delete(key));
  }

  private async removeFinalizer(first: InstanceObject): Promise<void> {
    let instance: InstanceObject | undefined = first;
    for (let attempt = 0; instance; attempt++) {
      const finalizers = instance.metadata.finalizers ?? [];
      if (!finalizers.includes(INSTANCE_STOP_FINALIZER)) return;
      try {
        await this.o.store.update<InstanceObject>({
          ...instance,
          metadata: { ...instance.metadata, finalizers: finalizers.filter((f) => f !== INSTANCE_STOP_FINALIZER) },
        });
        this.o.log.debug({ node: this.o.node, instance: instanceKey(instance.metadata) }, 'instance released');
        return;
      } catch (err) {
        if (!isMosaicError(err) || err.code !== 'ABORTED' || attempt >= CONFLICT_RETRIES) throw err;
        const fresh = await this.read(instance.metadata.namespace, instance.metadata.name);
        instance = fresh?.metadata.uid === first.metadata.uid ? fresh : undefined;
      }
    }
  }

  private sendAssign(instance: InstanceObject): void {
    this.delivered.set(instanceKey(instance.metadata), { uid: instance.metadata.uid ?? '', stopping: false });
    this.o.send(assignFor(instance));
  }

  private sendStop(ref: Pick<ObjectMeta, 'namespace' | 'name'>, uid: string): void {
    this.delivered.set(instanceKey(ref), { uid, stopping: true });
    this.o.send(stopFor(ref));
  }

  private async read(namespace: string, name: string): Promise<InstanceObject | undefined> {
    try {
      return await this.o.store.get<InstanceObject>(INSTANCE_KIND, namespace, name);
    } catch (err) {
      if (isMosaicError(err) && err.code === 'NOT_FOUND') return undefined;
      throw err;
    }
  }

  private writeFailed(err: unknown, key: string, what: string): void {
    // A closing store at shutdown is expected; anything else is worth a warning.
    const level = this.o.signal.aborted ? 'debug' : 'warn';
    this.o.log[level]({ err, node: this.o.node, instance: key }, what);
  }
}

/** Ran to its end: an Instance in this state is never started again. */
function isFinished(instance: InstanceObject): boolean {
  const state = instance.status?.state;
  return state === 'Succeeded' || state === 'Failed';
}
