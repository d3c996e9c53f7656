import type { PlacementSpec } from '@mosaic/api';
import type { Taint, TaintEffect } from '../framework/cluster-snapshot.js';

type Toleration = NonNullable<PlacementSpec['tolerations']>[number];

/** A toleration with its defaults applied, ready to match taints. */
export interface CompiledToleration {
  /** `undefined` with `exists` tolerates every key. */
  readonly key: string | undefined;
  readonly exists: boolean;
  readonly value: string;
  /** `undefined` tolerates every effect. */
  readonly effect: TaintEffect | undefined;
}

export function compileTolerations(tolerations: readonly Toleration[] | undefined): readonly CompiledToleration[] {
  return (tolerations ?? []).map((t) => ({
    key: t.key,
    exists: t.operator === 'Exists',
    value: t.value ?? '',
    effect: t.effect,
  }));
}

/** Kubernetes `Toleration.ToleratesTaint`: effect and key match, and the value for `Equal`. */
export function tolerates(tolerations: readonly CompiledToleration[], taint: Taint): boolean {
  for (const t of tolerations) {
    if (t.effect !== undefined && t.effect !== taint.effect) continue;
    if (t.key !== undefined && t.key !== taint.key) continue;
    if (t.exists || t.value === (taint.value ?? '')) return true;
  }
  return false;
}
