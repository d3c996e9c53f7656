/**
 * A node label's value, or `undefined` when the node does not have it. Label values are strings,
 * so anything else found (e.g. `constructor` on the prototype) means "absent".
 */
export function labelOf(labels: Readonly<Record<string, string>>, key: string): string | undefined {
  const value = labels[key];
  return typeof value === 'string' ? value : undefined;
}
