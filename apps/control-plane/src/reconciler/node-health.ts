import type { NodeObject } from '@mosaic/api';

/** The agents side's readiness: only `Ready` counts; `NotReady` and `Unknown` do not. */
export function isNodeReady(node: NodeObject | undefined): boolean {
  return node?.status?.state === 'Ready';
}

/**
 * Since when (ms since the epoch) a node has not been Ready, or undefined while it is Ready.
 * Prefers the transition time of its `Ready` condition; without one, the last heartbeat is the
 * last moment it was known to be fine (then its creation, then the epoch: lost at once).
 */
export function notReadySince(node: NodeObject): number | undefined {
  if (isNodeReady(node)) return undefined;
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready' && c.status !== 'True');
  const stamp = ready?.lastTransitionTime ?? node.status?.lastHeartbeatTime ?? node.metadata.creationTimestamp;
  const ms = stamp ? Date.parse(stamp) : NaN;
  return Number.isFinite(ms) ? ms : 0;
}

/**
 * When the instances on `node` count as lost (ms since the epoch): `graceMs` after it stopped
 * being Ready; `-Infinity` when the node is gone; undefined while it is Ready. The grace rides
 * out agent restarts and short network blips without moving instances around.
 */
export function lostAt(node: NodeObject | undefined, graceMs: number): number | undefined {
  if (!node) return -Infinity;
  const since = notReadySince(node);
  return since === undefined ? undefined : since + graceMs;
}
