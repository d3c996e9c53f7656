import type { LabelRequirement, LabelSelector } from './label-selector.js';

/**
 * Renders a selector in the canonical string form {@link parseLabelSelector} reads back:
 * `a=b,c!=d,e in (x,y),f notin (z),g,!h`. The empty selector renders as `''`.
 */
export function formatLabelSelector(selector: LabelSelector): string {
  return selector.requirements.map(formatRequirement).join(',');
}

function formatRequirement(r: LabelRequirement): string {
  switch (r.operator) {
    case 'Equals':
      return `${r.key}=${r.value}`;
    case 'NotEquals':
      return `${r.key}!=${r.value}`;
    case 'In':
      return `${r.key} in (${r.values.join(',')})`;
    case 'NotIn':
      return `${r.key} notin (${r.values.join(',')})`;
    case 'Exists':
      return r.key;
    case 'DoesNotExist':
      return `!${r.key}`;
  }
}
