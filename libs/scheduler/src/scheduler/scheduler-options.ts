import type { AnyFilterPlugin, AnyScorePlugin } from '../framework/plugin.js';

/** Weights of the default score plugins: each multiplies a 0..100 score. 0 turns one off. */
export interface ScoreWeights {
  /**
   * Prefer spread domains with fewer instances of the workload (TopologySpreadScore).
   * @defaultValue `2`
   */
  readonly topologySpread?: number;
  /**
   * The resource strategy chosen by {@link SchedulerOptions.resourceScoring}.
   * @defaultValue `1`
   */
  readonly resources?: number;
  /**
   * Preferred `placement.affinity` terms (PreferredAffinity).
   * @defaultValue `2`
   */
  readonly preferredAffinity?: number;
  /**
   * Avoid nodes with untolerated `PreferNoSchedule` taints (TaintPreferNoSchedule).
   * @defaultValue `3`
   */
  readonly taintPreferNoSchedule?: number;
}

/** Options of {@link createScheduler}. All optional; the defaults suit most clusters. */
export interface SchedulerOptions {
  /**
   * How resource usage is scored. `MostAllocated` bin-packs: instances go to the fullest node they
   * fit on, keeping other nodes free for large instances and for draining. `LeastAllocated`
   * spreads load: instances go to the emptiest node.
   * @defaultValue `'MostAllocated'`
   */
  readonly resourceScoring?: 'MostAllocated' | 'LeastAllocated';
  /**
   * Weights of the default score plugins; ignored for a plugin list given in `scores`.
   * @defaultValue `{ topologySpread: 2, resources: 1, preferredAffinity: 2, taintPreferNoSchedule: 3 }`
   */
  readonly weights?: ScoreWeights;
  /**
   * The filter chain, in order (cheap and selective first: the first rejection is what the
   * diagnosis reports for a node).
   * @defaultValue `defaultFilterPlugins()`
   */
  readonly filters?: readonly AnyFilterPlugin[];
  /**
   * The score plugins.
   * @defaultValue `defaultScorePlugins(options)`
   */
  readonly scores?: readonly AnyScorePlugin[];
}
