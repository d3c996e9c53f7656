import { API_VERSION, CLUSTER_NAMESPACE, NODE_KIND, type NodeObject, type NodeStatus } from '@mosaic/api';
import type { AgentRegistration } from './agent-types.js';
import { NodeReason, withReadyCondition } from './node-ready-condition.js';

/**
 * The Node object after a registration: labels and facts from the agent, state Ready, a fresh
 * heartbeat. Keeps what the agent does not own: the spec (cordon, taints) and other metadata.
 * Pure; `now` is RFC 3339.
 */
export function nodeFromRegistration(reg: AgentRegistration, existing: NodeObject | undefined, now: string): NodeObject {
  const status: NodeStatus = {
    ...reg.facts,
    state: 'Ready',
    lastHeartbeatTime: now,
    conditions: withReadyCondition(existing?.status?.conditions, 'Ready', NodeReason.AgentRegistered, `agent ${reg.agentId} connected`, now),
  };
  if (existing) return { ...existing, metadata: { ...existing.metadata, labels: reg.labels }, status };
  return {
    apiVersion: API_VERSION,
    kind: NODE_KIND,
    metadata: { name: reg.nodeName, namespace: CLUSTER_NAMESPACE, labels: reg.labels },
    spec: {},
    status,
  };
}
