import type { LabelRequirement, LabelSelector } from './label-selector.js';

/**
 * Whether an object's labels satisfy every requirement of the selector. Missing labels
 * (`undefined`) are the empty map. Only own properties count, so keys such as `constructor`
 * are never found on the prototype.
 */
export function matchesLabels(selector: LabelSelector, labels: Readonly<Record<string, string>> | undefined): boolean {
  const map = labels ?? {};
  return selector.requirements.every((r) => matchesRequirement(r, map));
}

function matchesRequirement(r: LabelRequirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.hasOwn(labels, r.key);
  const value = has ? labels[r.key] : undefined;
  switch (r.operator) {
    case 'Equals':
      return has && value === r.value;
    case 'NotEquals':
      return !has || value !== r.value;
    case 'In':
      return has && r.values.includes(value ?? '');
    case 'NotIn':
      return !has || !r.values.includes(value ?? '');
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
  }
}
