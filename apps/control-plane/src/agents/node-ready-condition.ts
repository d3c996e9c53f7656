import type { Condition, ConditionStatus, NodeState } from '@mosaic/api';

/** Reasons on a Node's `Ready` condition. */
export const NodeReason = {
  /** An agent registered (or re-registered) for the node. */
  AgentRegistered: 'AgentRegistered',
  /** Heartbeats stopped for longer than the timeout. */
  HeartbeatTimeout: 'HeartbeatTimeout',
  /** Heartbeats came back after the node had been NotReady. */
  HeartbeatResumed: 'HeartbeatResumed',
} as const;

/**
 * The node's conditions with `Ready` set to match `state`. `lastTransitionTime` only moves
 * when the status flips, so it says since when the node has been (Not)Ready. Pure.
 */
export function withReadyCondition(conditions: readonly Condition[] | undefined, state: NodeState, reason: string, message: string, now: string): Condition[] {
  const status: ConditionStatus = state === 'Ready' ? 'True' : state === 'NotReady' ? 'False' : 'Unknown';
  const previous = conditions?.find((c) => c.type === 'Ready');
  const ready: Condition = {
    type: 'Ready',
    status,
    reason,
    message,
    lastTransitionTime: previous && previous.status === status ? previous.lastTransitionTime : now,
  };
  return [...(conditions ?? []).filter((c) => c.type !== 'Ready'), ready];
}
