import type { AnyFilterPlugin, AnyScorePlugin } from '../framework/plugin.js';
import { btfPlugin } from '../plugins/btf-plugin.js';
import { kernelVersionPlugin } from '../plugins/kernel-version-plugin.js';
import { createLeastAllocatedPlugin } from '../plugins/least-allocated-plugin.js';
import { createMostAllocatedPlugin } from '../plugins/most-allocated-plugin.js';
import { nodeAffinityPlugin } from '../plugins/node-affinity-plugin.js';
import { nodeArchPlugin } from '../plugins/node-arch-plugin.js';
import { nodePortsPlugin } from '../plugins/node-ports-plugin.js';
import { nodeReadyPlugin } from '../plugins/node-ready-plugin.js';
import { nodeResourcesFitPlugin } from '../plugins/node-resources-fit-plugin.js';
import { nodeSelectorPlugin } from '../plugins/node-selector-plugin.js';
import { createPreferredAffinityPlugin } from '../plugins/preferred-affinity-plugin.js';
import { runtimeAvailablePlugin } from '../plugins/runtime-available-plugin.js';
import { createTaintPreferNoSchedulePlugin } from '../plugins/taint-prefer-no-schedule-plugin.js';
import { taintTolerationPlugin } from '../plugins/taint-toleration-plugin.js';
import { createTopologySpreadScorePlugin } from '../plugins/topology-spread-score-plugin.js';
import { topologySpreadPlugin } from '../plugins/topology-spread-plugin.js';
import type { SchedulerOptions } from './scheduler-options.js';

/**
 * The default filter chain. Order matters twice: cheap, selective checks first (most nodes
 * are rejected early), and a node's first rejection is the reason the diagnosis counts for it.
 */
export function defaultFilterPlugins(): AnyFilterPlugin[] {
  return [
    // Down or cordoned nodes take nothing: the cheapest check, and the one an operator
    // wants to see first.
    nodeReadyPlugin,
    // The node's agent must have a driver for the runtime (service, function, ebpf, wasm).
    runtimeAvailablePlugin,
    // `placement.arch`: the node's CPU architecture.
    nodeArchPlugin,
    // `placement.nodeSelector`: exact label matches.
    nodeSelectorPlugin,
    // Required `placement.affinity` terms (In, NotIn, Exists, DoesNotExist, Gt, Lt).
    nodeAffinityPlugin,
    // NoSchedule / NoExecute taints must be tolerated.
    taintTolerationPlugin,
    // eBPF probes: the kernel version range, then BTF for CO-RE objects.
    kernelVersionPlugin,
    btfPlugin,
    // Static host ports: free on the node, and not taken by an instance this call placed there.
    nodePortsPlugin,
    // Resources: the one check that changes as this call places instances (scope `node`).
    nodeResourcesFitPlugin,
    // Topology spread: maxSkew across domains, asked per domain per instance (scope `domain`).
    topologySpreadPlugin,
  ];
}

/** The default score plugins, weighted by `options.weights`. */
export function defaultScorePlugins(options: SchedulerOptions = {}): AnyScorePlugin[] {
  const w = options.weights ?? {};
  const resources = options.resourceScoring === 'LeastAllocated' ? createLeastAllocatedPlugin : createMostAllocatedPlugin;
  return [
    // Even out instances across spread domains (within what maxSkew allows).
    createTopologySpreadScorePlugin(w.topologySpread ?? 2),
    // Bin-pack (MostAllocated, default) or spread load (LeastAllocated).
    resources(w.resources ?? 1),
    // Preferred affinity terms, by weight.
    createPreferredAffinityPlugin(w.preferredAffinity ?? 2),
    // Stay off PreferNoSchedule taints when there is a choice.
    createTaintPreferNoSchedulePlugin(w.taintPreferNoSchedule ?? 3),
  ];
}
