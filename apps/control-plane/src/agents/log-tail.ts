import {
  DEFAULT_NAMESPACE, INSTANCE_KIND, InvalidArgumentError, NotFoundError, UnavailableError, WORKLOAD_KIND, WORKLOAD_LABEL,
  isMosaicError, type InstanceObject,
} from '@mosaic/api';
import type { Store } from '@mosaic/store';
import type { AgentHub } from './agent-hub.js';
import type { AgentSession } from './agent-session.js';
import { mergeAsync } from './merge-async.js';

export interface TailLogsRequest {
  namespace: string;
  /** Exactly one of workload and instance. */
  workload?: string;
  instance?: string;
  follow: boolean;
  tailBytes?: number;
  tailLines?: number;
  /**
   * Each instance's current metrics (Prometheus text, read by its agent at request time)
   * instead of its output; `follow` and the tails do not apply. Instances whose agent is
   * not connected are skipped, so a probe's output shows the nodes that can answer.
   */
  metrics?: boolean;
}

/** How a metrics answer says its node could not answer (a Prometheus comment line). */
export const METRICS_ERROR_PREFIX = '# mosaic-error: ';

/** One piece of an instance's output. */
export interface LogPiece {
  instance: string;
  node: string;
  data: string;
}

/**
 * The LogService: finds the instances asked for and relays their output from the agents of
 * their nodes (the output never leaves the node otherwise). A workload's instances are merged,
 * each piece labelled with its instance.
 */
export class LogTail {
  constructor(
    private readonly store: Store,
    private readonly hub: AgentHub<AgentSession>,
  ) {}

  /**
   * @throws InvalidArgumentError (synchronously checked on first iteration) unless exactly one of workload and instance is given.
   * @throws NotFoundError when the workload or instance does not exist, or the workload has no instances.
   * @throws UnavailableError when no instance's node has a connected agent.
   */
  async *tail(req: TailLogsRequest, signal: AbortSignal): AsyncGenerator<LogPiece, void, undefined> {
    if (Boolean(req.workload) === Boolean(req.instance)) {
      throw new InvalidArgumentError('invalid request', [{ path: req.workload ? 'instance' : 'workload', message: 'give exactly one of workload and instance' }]);
    }
    const namespace = req.namespace || DEFAULT_NAMESPACE;
    const targets = req.instance ? [await this.instance(namespace, req.instance)] : await this.instancesOf(namespace, req.workload!);
    if (req.metrics) {
      yield* mergeAsync(targets.map((t) => this.metricsOf(t, namespace, signal)));
      return;
    }
    const reachable = targets.filter((t) => this.hub.get(t.spec.node));
    if (!reachable.length) {
      const nodes = [...new Set(targets.map((t) => t.spec.node))].join(', ');
      throw new UnavailableError(`no agent is connected for node ${nodes}; its output cannot be read until the agent reconnects`);
    }
    const sources = reachable.map((t) => this.piecesOf(t, namespace, req, signal));
    yield* mergeAsync(sources);
  }

  private async *piecesOf(target: InstanceObject, namespace: string, req: TailLogsRequest, signal: AbortSignal): AsyncGenerator<LogPiece> {
    const { name } = target.metadata;
    const node = target.spec.node;
    const session = this.hub.get(node);
    if (!session) throw new UnavailableError(`the agent of node ${node} disconnected`);
    const output = session.requestLogs(
      {
        namespace,
        name,
        follow: req.follow,
        ...(req.tailBytes !== undefined ? { tailBytes: req.tailBytes } : {}),
        ...(req.tailLines !== undefined ? { tailLines: req.tailLines } : {}),
      },
      signal,
    );
    for await (const data of output) yield { instance: name, node, data };
  }

  /**
   * One instance's metrics. A node that cannot answer (no agent, instance not there yet) is
   * a `# mosaic-error:` comment line instead of a failed call, so the other nodes still show.
   */
  private async *metricsOf(target: InstanceObject, namespace: string, signal: AbortSignal): AsyncGenerator<LogPiece> {
    const { name } = target.metadata;
    const node = target.spec.node;
    if (!node) return; // not placed yet: nothing runs
    try {
      const session = this.hub.get(node);
      if (!session) throw new UnavailableError(`no agent is connected for node ${node}`);
      for await (const data of session.requestLogs({ namespace, name, follow: false, metrics: true }, signal)) yield { instance: name, node, data };
    } catch (err) {
      if (signal.aborted) throw err;
      yield { instance: name, node, data: `${METRICS_ERROR_PREFIX}${(err as Error).message.replace(/\n/g, ' ')}\n` };
    }
  }

  private async instance(namespace: string, name: string): Promise<InstanceObject> {
    try {
      return await this.store.get<InstanceObject>(INSTANCE_KIND, namespace, name);
    } catch (err) {
      if (isMosaicError(err) && err.code === 'NOT_FOUND') throw new NotFoundError(`instance "${name}" not found in namespace "${namespace}"`);
      throw err;
    }
  }

  private async instancesOf(namespace: string, workload: string): Promise<InstanceObject[]> {
    try {
      await this.store.get(WORKLOAD_KIND, namespace, workload);
    } catch (err) {
      if (isMosaicError(err) && err.code === 'NOT_FOUND') throw new NotFoundError(`workload "${workload}" not found in namespace "${namespace}"`);
      throw err;
    }
    const { items } = await this.store.list<InstanceObject>(INSTANCE_KIND, { namespace, labelSelector: `${WORKLOAD_LABEL}=${workload}` });
    if (!items.length) throw new NotFoundError(`workload "${namespace}/${workload}" has no instances yet`);
    return items;
  }
}
