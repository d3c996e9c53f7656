// A fake cluster for scenario specs: applies a decision's targets as instance counts and ages
// them one tick per reconcile. A healthy revision's new instances are available from the next
// tick; a crash-looping one's never are (they restart every tick); a stuck one's stay starting.
import assert from 'node:assert/strict';
import type { RolloutSpec } from '@mosaic/api';
import { reconcileRollout } from '../src/reconcile/reconcile-rollout.js';
import type { RolloutDecision, RolloutTargets } from '../src/state/rollout-decision.js';
import type { AnalysisValues, RevisionInstances, RolloutCommand, RolloutCommandKind } from '../src/state/rollout-input.js';
import type { RolloutState } from '../src/state/rollout-state.js';
import type { RolloutNode } from '../src/split/weighted-node-order.js';

export type Behaviour = 'healthy' | 'crash' | 'stuck';

interface FakeInstance {
  age: number;
  /** Stable instances that were already running before the scenario. */
  ready: boolean;
}

export const T0 = Date.parse('2030-01-01T00:00:00.000Z');

/** `spec.rollout` with the schema's defaults. */
export function rolloutSpec(over: Partial<RolloutSpec> = {}): RolloutSpec {
  return {
    strategy: 'rolling',
    maxSurge: '25%',
    maxUnavailable: '0',
    autoRollback: true,
    progressDeadlineSeconds: 600,
    ...over,
  };
}

export class FakeCluster {
  readonly instances = new Map<number, FakeInstance[]>();
  readonly behaviour = new Map<number, Behaviour>();

  /** Instances already running and available. */
  seed(revision: number, count: number): this {
    this.instances.set(revision, Array.from({ length: count }, () => ({ age: 10, ready: true })));
    return this;
  }

  counts(): RevisionInstances[] {
    return [...this.instances.entries()].filter(([, list]) => list.length > 0).map(([revision, list]) => {
      const b = this.behaviour.get(revision) ?? 'healthy';
      const available = b === 'healthy' ? list.filter((i) => i.age >= 1).length : 0;
      const crashLooping = b === 'crash' ? list.filter((i) => i.age >= 1).length : 0;
      const restarts = b === 'crash' ? list.reduce((n, i) => n + i.age, 0) : 0;
      return { revision, live: list.length, available, crashLooping, restarts };
    });
  }

  /** Create or stop instances so each revision has its target count (unavailable ones stop first). */
  apply(targets: RolloutTargets): void {
    const want = new Map<number, number>();
    for (const t of [targets.stable, ...(targets.canary ? [targets.canary] : []), ...targets.old]) want.set(t.revision, t.instances);
    for (const revision of new Set([...this.instances.keys(), ...want.keys()])) {
      const list = this.instances.get(revision) ?? [];
      const n = want.get(revision) ?? 0;
      const b = this.behaviour.get(revision) ?? 'healthy';
      if (list.length < n) {
        for (let i = list.length; i < n; i++) list.push({ age: 0, ready: false });
      } else if (list.length > n) {
        // unavailable first: youngest first is the same thing here
        list.sort((a, z) => avail(z, b) - avail(a, b) || z.age - a.age);
        list.splice(n);
      }
      this.instances.set(revision, list);
    }
  }

  age(): void {
    for (const list of this.instances.values()) for (const i of list) i.age++;
  }

  /** Available instances of a revision now. */
  available(revision: number): number {
    return this.counts().find((c) => c.revision === revision)?.available ?? 0;
  }
}

function avail(i: FakeInstance, b: Behaviour): number {
  return b === 'healthy' && i.age >= 1 ? 1 : 0;
}

export interface TickOptions {
  /** Milliseconds to move the clock before this reconcile. */
  advance?: number;
  commands?: RolloutCommandKind[];
  measurements?: AnalysisValues;
  desired?: number;
  spec?: RolloutSpec;
}

/** One row of a scenario: what a reconcile decided. */
export interface Tick {
  /** Seconds since the scenario's start. */
  t: number;
  phase: string;
  step: number;
  /** `stable/canary` instance targets (canary `-` when there is none). */
  targets: string;
  weight: number;
  events: string[];
  requeue?: number;
}

/** Drives the machine: age the cluster, reconcile with its counts, apply the targets. */
export class Driver {
  now = T0;
  state: RolloutState | undefined;
  desired: number;
  last!: RolloutDecision;
  private seq = 0;
  readonly history: RolloutDecision[] = [];

  constructor(
    public spec: RolloutSpec,
    public replicas: number,
    readonly cluster: FakeCluster,
    stable: number,
    readonly nodes?: RolloutNode[],
  ) {
    this.desired = stable;
    this.tick(); // first sight: stable revision adopted
  }

  tick(o: TickOptions = {}): Tick {
    this.now += o.advance ?? 0;
    if (o.desired !== undefined) this.desired = o.desired;
    if (o.spec) this.spec = o.spec;
    this.cluster.age();
    const commands: RolloutCommand[] = (o.commands ?? []).map((kind) => ({ seq: ++this.seq, kind }));
    this.last = reconcileRollout({
      spec: this.spec,
      replicas: this.replicas,
      ...(this.nodes ? { nodes: this.nodes } : {}),
      state: this.state,
      revisions: { desired: this.desired },
      instances: this.cluster.counts(),
      ...(o.measurements ? { measurements: o.measurements } : {}),
      commands,
      now: this.now,
    });
    this.history.push(this.last);
    this.state = this.last.state;
    this.cluster.apply(this.last.targets);
    return row(this.last, this.now);
  }
}

export function row(d: RolloutDecision, now: number): Tick {
  return {
    t: (now - T0) / 1000,
    phase: d.state.phase,
    step: d.state.currentStepIndex,
    targets: `${d.targets.stable.instances}/${d.targets.canary ? d.targets.canary.instances : '-'}`,
    weight: d.targets.weight,
    events: d.events.map((e) => e.reason),
    ...(d.requeueAfter !== undefined ? { requeue: d.requeueAfter } : {}),
  };
}

/** A tick as one line: `Paused #1 3/1 w25 [StepAdvanced Paused] ⏱30s` (⏱: requeueAfter). */
export function line(r: Tick): string {
  const requeue = r.requeue === undefined ? '' : ` ⏱${r.requeue / 1000}s`;
  return `${r.phase} #${r.step} ${r.targets} w${r.weight} [${r.events.join(' ')}]${requeue}`;
}

export interface Expect extends TickOptions {
  want: string;
}

/**
 * Plays rows against the driver; each row's reconcile must print as its `want` (an empty `want`
 * only drives). Returns the lines printed.
 */
export function play(driver: Driver, rows: readonly Expect[], check?: (d: Driver) => void): string[] {
  const got: string[] = [];
  rows.forEach((row, i) => {
    const printed = line(driver.tick(row));
    got.push(printed);
    if (row.want !== '') assert.equal(printed, row.want, `row ${i + 1} (t=${(driver.now - T0) / 1000}s)`);
    check?.(driver);
  });
  return got;
}
