/**
 * A parsed Kubernetes-style label selector: a conjunction of requirements on an object's
 * `metadata.labels`. The empty selector (no requirements) matches every object.
 *
 * Produced by {@link parseLabelSelector} from strings such as
 * `app=checkout,tier in (web,api),!canary`, evaluated by {@link matchesLabels} and rendered
 * back by {@link formatLabelSelector}.
 */
export interface LabelSelector {
  /** Every requirement must hold (comma = AND). Order is the order written. */
  readonly requirements: readonly LabelRequirement[];
}

/**
 * One term of a selector. A discriminated union on `operator`, so a matcher switching on it
 * is checked for exhaustiveness:
 *
 * | written          | operator       | matches when                                        |
 * |------------------|----------------|-----------------------------------------------------|
 * | `k=v`, `k==v`    | `Equals`       | label `k` is present and equals `v`                 |
 * | `k!=v`           | `NotEquals`    | label `k` is absent, or present with another value  |
 * | `k in (a,b)`     | `In`           | label `k` is present and its value is listed        |
 * | `k notin (a,b)`  | `NotIn`        | label `k` is absent, or its value is not listed     |
 * | `k`              | `Exists`       | label `k` is present (any value, even empty)        |
 * | `!k`             | `DoesNotExist` | label `k` is absent                                 |
 *
 * The negative operators match objects that lack the label, exactly as in Kubernetes.
 */
export type LabelRequirement =
  | { readonly key: string; readonly operator: 'Equals' | 'NotEquals'; readonly value: string }
  | { readonly key: string; readonly operator: 'In' | 'NotIn'; readonly values: readonly string[] }
  | { readonly key: string; readonly operator: 'Exists' | 'DoesNotExist' };

/** The operator names of {@link LabelRequirement}. */
export type LabelSelectorOperator = LabelRequirement['operator'];

/** The selector with no requirements: matches everything. */
export const EMPTY_SELECTOR: LabelSelector = Object.freeze({ requirements: Object.freeze([]) });

/**
 * The selector `k1=v1,k2=v2,...` for a label map (keys sorted), i.e. "has all these labels".
 * This is how a `nodeSelector` or a `matchLabels` map is evaluated.
 */
export function selectorFromLabels(labels: Readonly<Record<string, string>>): LabelSelector {
  return {
    requirements: Object.keys(labels)
      .sort()
      .map((key) => ({ key, operator: 'Equals' as const, value: labels[key] ?? '' })),
  };
}
