/** Knobs of the machine itself (the rollout's behaviour comes from the workload's spec). */
export interface RolloutOptions {
  /**
   * Events kept in `RolloutState.events` (the newest). A decision's own `events` are never cut.
   * @defaultValue `20`
   */
  maxEvents?: number;
  /**
   * Measurements kept per analysis run in `RolloutState.analysis.measurements` (the newest).
   * @defaultValue `10`
   */
  maxMeasurements?: number;
}

export const DEFAULT_ROLLOUT_OPTIONS: Required<RolloutOptions> = { maxEvents: 20, maxMeasurements: 10 };
