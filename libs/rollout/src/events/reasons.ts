// Every reason a rollout transition is recorded with. Programs branch on these (the CLI, the
// controller's metrics, tests); people read the message that comes with each. They are part of
// the API: `mosaic describe` and `mosaic rollout status` show them, so renaming one is a
// user-visible change. Warnings are the ones an operator should look at.

/** First sight of a workload: its revision becomes the stable one, nothing to roll out. */
export const RolloutInitialized = 'RolloutInitialized';
/** A new revision differs from the stable one: a rollout begins (or supersedes a running one). */
export const RolloutStarted = 'RolloutStarted';
/** A step finished and the next one began. */
export const StepAdvanced = 'StepAdvanced';
/** A `setWeight` step (or the final promotion) changed the canary's share. */
export const WeightSet = 'WeightSet';
/** A pause began: a pause step (timed or until promoted), or an operator's `pause`. */
export const Paused = 'Paused';
/** A timed pause step ran out. */
export const PauseEnded = 'PauseEnded';
/** An operator's `resume` lifted an operator pause. */
export const Resumed = 'Resumed';
/** An operator's `promote` skipped the current step (or switched blue-green traffic). */
export const Promoted = 'Promoted';
/** An operator's `promote --full` skipped every remaining step: straight to 100%. */
export const FullyPromoted = 'FullyPromoted';
/** An analysis step began measuring the canary. */
export const AnalysisStarted = 'AnalysisStarted';
/** One analysis measurement failed (the step fails once failures exceed its failureLimit). */
export const AnalysisMeasurementFailed = 'AnalysisMeasurementFailed';
/** One analysis measurement had no value for a metric; it is taken again at the next interval. */
export const AnalysisInconclusive = 'AnalysisInconclusive';
/** An analysis step took all its measurements within its failure limit. */
export const AnalysisSucceeded = 'AnalysisSucceeded';
/** An analysis step failed more measurements than its failureLimit allows. */
export const AnalysisFailed = 'AnalysisFailed';
/** The rollout stopped and the stable revision is being restored (operator, analysis or deadline). */
export const Aborted = 'Aborted';
/** The stable revision is back: after an abort once it is restored, or at once on an undo to it. */
export const RolledBack = 'RolledBack';
/** No progress for `progressDeadlineSeconds` (pauses excluded). */
export const ProgressDeadlineExceeded = 'ProgressDeadlineExceeded';
/** The step list changed (another `stepsHash`) in the middle of a rollout: it restarts at step 1. */
export const StepsChanged = 'StepsChanged';
/** The strategy changed in the middle of a rollout: it restarts under the new strategy. */
export const StrategyChanged = 'StrategyChanged';
/** Blue-green: the preview revision is fully available; waiting for `promote` to switch traffic. */
export const PreviewReady = 'PreviewReady';
/** The new revision serves 100% and is now the stable revision. */
export const Completed = 'Completed';
/** An operator's `retry` restarted an aborted or degraded rollout from step 1. */
export const Retried = 'Retried';
/** An operator command that does not apply in the current phase; the message says why. */
export const CommandIgnored = 'CommandIgnored';

export type RolloutReason =
  | typeof RolloutInitialized | typeof RolloutStarted | typeof StepAdvanced | typeof WeightSet
  | typeof Paused | typeof PauseEnded | typeof Resumed | typeof Promoted | typeof FullyPromoted
  | typeof AnalysisStarted | typeof AnalysisMeasurementFailed | typeof AnalysisInconclusive
  | typeof AnalysisSucceeded | typeof AnalysisFailed | typeof Aborted | typeof RolledBack
  | typeof ProgressDeadlineExceeded | typeof StepsChanged | typeof StrategyChanged
  | typeof PreviewReady | typeof Completed | typeof Retried | typeof CommandIgnored;

/** Reasons recorded as `Warning` events; every other reason is `Normal`. */
export const WARNING_REASONS: ReadonlySet<RolloutReason> = new Set<RolloutReason>([
  AnalysisMeasurementFailed, AnalysisInconclusive, AnalysisFailed, Aborted, ProgressDeadlineExceeded, CommandIgnored,
]);
