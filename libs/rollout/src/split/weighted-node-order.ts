/** A node a probe workload matches, as the rollout needs it: its name and labels. */
export interface RolloutNode {
  name: string;
  labels?: Readonly<Record<string, string>>;
}

/** Which matching nodes run which revision for a weight. */
export interface NodeSplit {
  /** Every matching node, in rollout order. */
  order: string[];
  /** The first nodes of `order`: they run the new revision. */
  canary: string[];
  /** The rest: they keep the stable revision. */
  stable: string[];
}

/**
 * The node order of a probe (eBPF) rollout, where a weight is a share of the matching nodes:
 * nodes whose label matches `nodeOrderLabel` (`key=value`, e.g. `env=pre`) first, then the
 * others; by name within each group (code-unit order, not locale order, so every process agrees).
 * Duplicate names count once. The input order never matters.
 */
export function orderNodes(nodes: readonly RolloutNode[], nodeOrderLabel?: string): string[] {
  const [key, value] = parseLabel(nodeOrderLabel);
  const first = new Set<string>();
  const rest = new Set<string>();
  for (const node of nodes) {
    if (first.has(node.name) || rest.has(node.name)) continue;
    (key !== undefined && node.labels?.[key] === value ? first : rest).add(node.name);
  }
  return [...[...first].sort(byCodeUnit), ...[...rest].sort(byCodeUnit)];
}

/**
 * The nodes that get the new revision at `weight`%: the first ⌈n·weight/100⌉ of `orderNodes`
 * (rounded up, like instance counts, so 1% of 40 nodes is one node; 0% is none, 100% is all).
 *
 * Examples with nodes `a b c d` where `c` and `d` carry `env=pre`, label `env=pre`:
 * - order `c d a b`; 25% → canary `c`; 50% → `c d`; 60% → ⌈2.4⌉ = 3 → `c d a`; 100% → all.
 * - no label → order `a b c d`; 25% → `a`.
 * Raising the weight only adds nodes at the end of the canary list, so a node never flips back
 * to stable while a rollout moves forward.
 */
export function weightedNodeOrder(nodes: readonly RolloutNode[], weight: number, nodeOrderLabel?: string): NodeSplit {
  const order = orderNodes(nodes, nodeOrderLabel);
  const count = nodeCanaryCount(order.length, weight);
  return { order, canary: order.slice(0, count), stable: order.slice(count) };
}

/** ⌈n·weight/100⌉, clamped to 0..n; 0 for weight 0. */
export function nodeCanaryCount(nodes: number, weight: number): number {
  const w = Math.min(100, Math.max(0, weight));
  return w <= 0 ? 0 : Math.min(nodes, Math.ceil((nodes * w) / 100));
}

function parseLabel(label: string | undefined): [string | undefined, string | undefined] {
  if (!label) return [undefined, undefined];
  const eq = label.indexOf('=');
  return eq < 0 ? [label, ''] : [label.slice(0, eq), label.slice(eq + 1)];
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
