import type { Diagnosis, ReasonCount } from '../framework/scheduling-result.js';

/**
 * The kube-scheduler style summary of why nodes were rejected:
 * `0/5 nodes available: 3 insufficient memory, 2 did not match nodeSelector.` Reasons are
 * sorted by node count, most frequent first, then alphabetically, so the text is stable.
 */
export function diagnosis(totalNodes: number, availableNodes: number, reasonCounts: ReadonlyMap<string, number>): Diagnosis {
  const counts: ReasonCount[] = [...reasonCounts].map(([reason, nodes]) => ({ reason, nodes }));
  counts.sort((a, b) => b.nodes - a.nodes || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0));
  const head = `${availableNodes}/${totalNodes} nodes available`;
  const message = counts.length === 0 ? `${head}.` : `${head}: ${counts.map((c) => `${c.nodes} ${c.reason}`).join(', ')}.`;
  return { message, counts };
}

/**
 * The summary when PreFilter rejected the request itself (e.g. an unreadable kernel range):
 * every node is rejected for the same reasons, so the message carries no counts.
 */
export function requestDiagnosis(totalNodes: number, reasons: readonly string[]): Diagnosis {
  return {
    message: `0/${totalNodes} nodes available: ${reasons.join(', ')}.`,
    counts: reasons.map((reason) => ({ reason, nodes: totalNodes })),
  };
}
