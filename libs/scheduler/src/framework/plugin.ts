import type { Rejection, Status } from './status.js';
import type { NodeInfo, SchedulingContext } from './scheduling-context.js';

/**
 * What a plugin's answer for a node depends on besides the request. It tells the scheduler how
 * rarely it may ask when one call places several instances, which is what keeps a placement
 * cheaper than a pass over every node:
 *
 * - `static`: the node's snapshot only. Asked once per node per call.
 * - `node`: also what this call reserved on the node ({@link NodeInfo.requestedCpuMillis},
 *   {@link NodeInfo.instances}). Asked again for a node after an instance is reserved on it. A
 *   `node` filter's rejection must be final for the call: reservations only grow.
 * - `domain`: the spread counts ({@link SchedulingContext.spread}). Asked once per domain for
 *   every instance, with one node standing for its domain, so it must answer alike for all nodes
 *   of a domain (without spread, the whole cluster is one domain).
 */
export type PluginScope = 'static' | 'node' | 'domain';

/** PreFilter / PreScore outcome: proceed with per-request state, skip the plugin, or reject. */
export type PrepareResult<S> =
  | { readonly code: 'Success'; readonly state: S }
  /** The request does not use this plugin (no nodeSelector, no spread, ...): it is not called. */
  | { readonly code: 'Skip' }
  /** The request cannot be placed anywhere; the reasons become the diagnosis. */
  | Rejection;

/** Proceed with `state`. */
export function proceed<S>(state: S): PrepareResult<S> {
  return { code: 'Success', state };
}

/** Skip the plugin for this request. */
export const SKIP: PrepareResult<never> = Object.freeze({ code: 'Skip' });

/**
 * A feasibility check (kube-scheduler's Filter, Nomad's FeasibilityChecker): one question
 * about one node. Filters run in list order within a scope (`static`, then `node`, then
 * `domain`); the first rejection is the node's reason in the diagnosis.
 */
export interface FilterPlugin<S = undefined> {
  /** PascalCase, unique among the filters. */
  readonly name: string;
  readonly scope: PluginScope;
  /**
   * PreFilter: runs once per request, before any node, to parse what `filter` needs (selectors,
   * tolerations, a version range). Without it, `filter` receives `undefined` as state.
   */
  preFilter?(ctx: SchedulingContext): PrepareResult<S>;
  /** `SUCCESS` or a rejection; never throws for an unschedulable node. */
  filter(ctx: SchedulingContext, node: NodeInfo, state: S): Status;
}

/**
 * A preference among feasible nodes (kube-scheduler's Score). Scores are 0..100, higher is
 * better; the scheduler adds `weight × score` over all score plugins.
 */
export interface ScorePlugin<S = undefined> {
  /** PascalCase, unique among the score plugins. */
  readonly name: string;
  readonly scope: PluginScope;
  /** Multiplies the score; 0 disables the plugin. */
  readonly weight: number;
  /** PreScore: runs once per request; see {@link FilterPlugin.preFilter}. Rejections count as Skip. */
  preScore?(ctx: SchedulingContext): PrepareResult<S>;
  /** 0..100; deterministic; must not depend on other nodes' scores. */
  score(ctx: SchedulingContext, node: NodeInfo, state: S): number;
}

/**
 * A filter of any state type, as the scheduler holds them. (Method parameters are bivariant,
 * so every `FilterPlugin<S>` is one; each plugin is type-checked against its own `S`.)
 */
export type AnyFilterPlugin = FilterPlugin<unknown>;
/** A score plugin of any state type. */
export type AnyScorePlugin = ScorePlugin<unknown>;
