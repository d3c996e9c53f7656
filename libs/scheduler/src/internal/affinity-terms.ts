import type { AFFINITY_OPERATORS, PlacementSpec } from '@mosaic/api';
import { labelOf } from './labels.js';

/** One `placement.affinity` entry as written. */
export type AffinityTerm = NonNullable<PlacementSpec['affinity']>[number];
export type AffinityOperator = (typeof AFFINITY_OPERATORS)[number];

/** A term ready to evaluate: `Gt`/`Lt` bounds parsed once per request. */
export interface CompiledTerm {
  readonly key: string;
  readonly operator: AffinityOperator;
  readonly values: readonly string[];
  /** The integer of `Gt` / `Lt`. */
  readonly bound: number;
  /** 0 for required terms. */
  readonly weight: number;
}

const INTEGER = /^-?\d+$/;

export function compileTerm(term: AffinityTerm): CompiledTerm {
  const values = term.values ?? [];
  return { key: term.key, operator: term.operator, values, bound: Number(values[0] ?? 0), weight: term.weight ?? 0 };
}

/**
 * Kubernetes NodeSelectorRequirement semantics: `NotIn` and `DoesNotExist` hold for nodes
 * without the label; `Gt`/`Lt` need the label to be an integer.
 */
export function termMatches(term: CompiledTerm, labels: Readonly<Record<string, string>>): boolean {
  const value = labelOf(labels, term.key);
  switch (term.operator) {
    case 'In':
      return value !== undefined && term.values.includes(value);
    case 'NotIn':
      return value === undefined || !term.values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
      return value !== undefined && INTEGER.test(value) && Number(value) > term.bound;
    case 'Lt':
      return value !== undefined && INTEGER.test(value) && Number(value) < term.bound;
  }
}
