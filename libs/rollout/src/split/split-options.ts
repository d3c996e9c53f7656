/** Live and available instances of one revision (or of several, summed). */
export interface InstanceCount {
  /** Instances that exist and are not being stopped, available or not. */
  live: number;
  /** Of those, the ones serving: running, healthy, on a Ready node. */
  available: number;
}

/** What runs now, by role. Without it, `splitReplicas` returns the end state for the weight. */
export interface SplitCurrent {
  stable: InstanceCount;
  canary: InstanceCount;
  /** Revisions that are neither stable nor canary (a superseded canary, leftovers): drained first. */
  old?: InstanceCount;
}

export interface SplitOptions {
  /**
   * How many instances above `replicas` may exist during the transition: a count or a
   * percentage of replicas (rounded up).
   * @defaultValue `'25%'`
   */
  maxSurge?: string | number;
  /**
   * How many instances below `replicas` may be unavailable during the transition: a count or a
   * percentage of replicas (rounded down). When both budgets resolve to 0, this one is 1.
   * @defaultValue `0`
   */
  maxUnavailable?: string | number;
  /**
   * The instances that exist now. Given, the split is one tick of the transition (scale-ups
   * within the surge, scale-downs within the availability budget); omitted, it is the end state.
   * @defaultValue none: the end state
   */
  current?: SplitCurrent;
}

/** The instance counts for one weight. */
export interface ReplicaSplit {
  /** End state for this weight: stable instances. */
  desiredStable: number;
  /** End state for this weight: canary instances. */
  desiredCanary: number;
  /** Stable instances to ask for now. */
  stable: number;
  /** Canary instances to ask for now. */
  canary: number;
  /** Instances of other revisions that may still exist now (the rest are stopped). */
  old: number;
  /** `current` already matches the end state, every canary instance available. */
  atTarget: boolean;
}
