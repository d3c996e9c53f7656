export interface InvokerOptions {
  /**
   * How long an invocation of a function that has no revision yet (just applied) waits for the
   * reconciler to make one before failing with UNAVAILABLE.
   * @defaultValue 5_000
   */
  revisionWaitMs?: number;
  /**
   * How long a sync `invoke` without a deadline waits for its result.
   * @defaultValue 300_000
   */
  maxWaitMs?: number;
}
