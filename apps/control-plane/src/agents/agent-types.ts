import type { Condition, InstanceState, NodeStatus, ResolvedPort } from '@mosaic/api';

/**
 * The agent protocol in domain terms: what `agent-messages.ts` makes of the wire messages, so
 * the session and the pure planning code never see protobuf shapes (int64 strings, absent
 * repeated fields, oneof members).
 */

/** One instance as an agent reports it (`InstanceReport`). */
export interface AgentInstanceReport {
  namespace: string;
  /** The Instance object's name. */
  name: string;
  /** The Instance uid the agent was given; empty when unknown (a stop for an id it never had). */
  uid: string;
  state?: InstanceState;
  restarts: number;
  exitCode?: number;
  reason?: string;
  message?: string;
  conditions: Condition[];
  startedAt?: string;
  updatedAt?: string;
  /** The agent no longer holds the instance: nothing of it runs on the node any more. */
  released: boolean;
  /** The host ports the instance got (static as asked, dynamic as the agent picked them). */
  ports?: ResolvedPort[];
}

/** The facts of `RegisterNode` that end up in the Node's status. */
export type ReportedNodeFacts = Pick<NodeStatus, 'arch' | 'kernelVersion' | 'btf' | 'canLoadBpf' | 'runtimes' | 'capacity' | 'agentVersion'>;

/** A validated `RegisterNode`. */
export interface AgentRegistration {
  nodeName: string;
  agentId: string;
  labels: Record<string, string>;
  facts: ReportedNodeFacts;
  /** Every probe, also the failed ones (logged, so an operator learns why a runtime is missing). */
  unavailableRuntimes: { name: string; reason: string; message: string }[];
  instances: AgentInstanceReport[];
}

/** `namespace/name`: how the session keys instances (the same name may exist in two namespaces). */
export function instanceKey(ref: { namespace: string; name: string }): string {
  return `${ref.namespace}/${ref.name}`;
}
