// @mosaic/rollout — the pure rollout state machine (rolling, canary, blue-green): plain data in,
// plain decisions out; no I/O, no clock. The controller that applies decisions lives in the app.

// The machine
export { reconcileRollout } from './reconcile/reconcile-rollout.js';
export type { RolloutInput, RevisionInstances, AnalysisValues, RolloutCommand, RolloutCommandKind } from './state/rollout-input.js';
export type { RolloutDecision, RolloutTargets, RevisionTarget, HandledCommand } from './state/rollout-decision.js';
export type {
  RolloutState, RolloutPhase, RolloutStrategy, PauseState, OperatorPauseState, AnalysisRunState,
  AnalysisMeasurement, MetricResult, MeasurementOutcome, AbortState, ProgressState,
} from './state/rollout-state.js';
export { DEFAULT_ROLLOUT_OPTIONS, type RolloutOptions } from './state/rollout-options.js';

// Steps
export { normalizeSteps, describeStep, ANALYSIS_DEFAULTS, type CanaryStep, type SetWeightStep, type PauseStep, type AnalysisStep, type AnalysisMetric, type MetricKind } from './steps/canary-step.js';
export { stepsHash } from './steps/steps-hash.js';
export { evaluateMetric, measurementOutcome, METRIC_RULES, type MetricRule } from './analysis/evaluate-metric.js';

// What a weight means: instances, nodes, invocations
export { splitReplicas, planCounts } from './split/split-replicas.js';
export type { SplitOptions, SplitCurrent, InstanceCount, ReplicaSplit } from './split/split-options.js';
export { resolveIntOrPercent, transitionBudget, type TransitionBudget } from './split/int-or-percent.js';
export { weightedNodeOrder, orderNodes, nodeCanaryCount, type RolloutNode, type NodeSplit } from './split/weighted-node-order.js';
export { routeInvocation, invocationPoint, type InvocationRoute } from './split/route-invocation.js';

// Events
export * from './events/reasons.js';
export type { RolloutEvent } from './events/rollout-event.js';
