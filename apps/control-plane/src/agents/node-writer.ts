import { isMosaicError, NODE_KIND, CLUSTER_NAMESPACE, type NodeObject, type NodeStatus } from '@mosaic/api';
import type { Store } from '@mosaic/store';
import type { AgentRegistration } from './agent-types.js';
import { nodeFromRegistration } from './node-from-registration.js';
import { NodeReason, withReadyCondition } from './node-ready-condition.js';

/** How often a write that lost an optimistic-concurrency race is retried. */
const CONFLICT_RETRIES = 5;

/**
 * Every write the control plane makes to Node objects. Writes for one node are serialised
 * (register, heartbeat and the liveness monitor can race otherwise), and status goes through
 * `updateStatus` so an operator's spec change (cordon, taints) is never overwritten.
 */
export class NodeWriter {
  private readonly chains = new Map<string, Promise<unknown>>();

  constructor(private readonly store: Store) {}

  /** Creates or updates the Node of a registering agent and marks it Ready. */
  register(reg: AgentRegistration, now: Date): Promise<NodeObject> {
    return this.serial(reg.nodeName, async () => {
      for (let attempt = 0; ; attempt++) {
        const existing = await this.read(reg.nodeName);
        const next = nodeFromRegistration(reg, existing, now.toISOString());
        try {
          if (!existing) return await this.store.create(next);
          // metadata.resourceVersion is the one read: an operator's concurrent edit wins and we retry.
          await this.store.update(next);
          return (await this.store.updateStatus<NodeObject>(NODE_KIND, CLUSTER_NAMESPACE, reg.nodeName, next.status)).object;
        } catch (err) {
          // Lost a race with an operator's edit (ABORTED) or a concurrent create: read again.
          const retriable = isMosaicError(err) && (err.code === 'ABORTED' || err.code === 'ALREADY_EXISTS');
          if (!retriable || attempt >= CONFLICT_RETRIES) throw err;
        }
      }
    });
  }

  /** Records a heartbeat; flips the node back to Ready when it was not. */
  heartbeat(name: string, now: Date): Promise<NodeObject | undefined> {
    return this.patchStatus(name, (status) => {
      const at = now.toISOString();
      if (status.state === 'Ready') return { ...status, lastHeartbeatTime: at };
      return {
        ...status,
        state: 'Ready',
        lastHeartbeatTime: at,
        conditions: withReadyCondition(status.conditions, 'Ready', NodeReason.HeartbeatResumed, 'the agent is sending heartbeats again', at),
      };
    });
  }

  /** Marks a node NotReady (no-op when it already is, or is gone). */
  markNotReady(name: string, message: string, now: Date): Promise<NodeObject | undefined> {
    return this.patchStatus(name, (status) =>
      status.state === 'NotReady'
        ? undefined
        : { ...status, state: 'NotReady', conditions: withReadyCondition(status.conditions, 'NotReady', NodeReason.HeartbeatTimeout, message, now.toISOString()) },
    );
  }

  /** Reads every Node (for the liveness monitor's start). */
  async list(): Promise<NodeObject[]> {
    return (await this.store.list<NodeObject>(NODE_KIND)).items;
  }

  private patchStatus(name: string, change: (status: NodeStatus) => NodeStatus | undefined): Promise<NodeObject | undefined> {
    return this.serial(name, async () => {
      const node = await this.read(name);
      const next = node?.status && change(node.status);
      if (!node || !next) return node;
      return (await this.store.updateStatus<NodeObject>(NODE_KIND, CLUSTER_NAMESPACE, name, next)).object;
    });
  }

  private async read(name: string): Promise<NodeObject | undefined> {
    try {
      return await this.store.get<NodeObject>(NODE_KIND, CLUSTER_NAMESPACE, name);
    } catch (err) {
      if (isMosaicError(err) && err.code === 'NOT_FOUND') return undefined;
      throw err;
    }
  }

  private serial<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.chains.get(name) ?? Promise.resolve();
    const next = previous.then(fn, fn);
    const settled = next.catch(() => undefined);
    this.chains.set(name, settled);
    void settled.then(() => {
      if (this.chains.get(name) === settled) this.chains.delete(name);
    });
    return next;
  }
}
