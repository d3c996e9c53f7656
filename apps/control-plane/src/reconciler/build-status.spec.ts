import type { Condition, InstanceObject, NodeObject, RolloutStatus, Workload, WorkloadStatus } from '@mosaic/api';
import assert from 'node:assert/strict';
import { GRACE_MS, NOW, instance, instances, iso, node, workload } from '../../test/support/reconcile-fixtures.js';
import { buildStatus } from './build-status.js';
import { classifyInstances } from './instance-buckets.js';
import { indexNodes } from './plan-reconcile.js';
import type { SchedulingOutcome } from './reconcile-plan.js';
import { rollingBudget } from './rolling-budget.js';

const NODES = [node('n1'), node('n2'), node('n3')];

function statusOf(
  w: Workload,
  list: InstanceObject[],
  o: { revision?: number; scheduling?: SchedulingOutcome; previous?: WorkloadStatus; nodes?: NodeObject[]; replicas?: number; now?: number } = {},
): WorkloadStatus {
  const nodes = indexNodes(o.nodes ?? NODES);
  const revision = o.revision ?? 1;
  const buckets = classifyInstances(list, { revision, nodes, now: NOW, nodeLostGraceMs: GRACE_MS });
  const budget = rollingBudget({
    replicas: o.replicas ?? w.spec.replicas, maxSurge: w.spec.rollout.maxSurge, maxUnavailable: w.spec.rollout.maxUnavailable,
    currentLive: buckets.current.length, currentAvailable: 0, oldLive: buckets.old.length, oldAvailable: 0,
  });
  return buildStatus({
    workload: o.previous ? { ...w, status: o.previous } : w,
    revision,
    instances: list,
    nodes,
    plan: { buckets, place: [], stop: [], lost: [], budget, ...(o.scheduling ? { scheduling: o.scheduling } : {}) },
    now: new Date(o.now ?? NOW),
    nodeLostGraceMs: GRACE_MS,
  });
}

const cond = (s: WorkloadStatus, type: string) => s.conditions?.find((c) => c.type === type);
const brief = (c: Condition | undefined) => (c ? `${c.status} ${c.reason}` : 'absent');

interface Case {
  name: string;
  status: () => WorkloadStatus;
  phase: string;
  /** type → "Status Reason" (or 'absent'). */
  conditions?: Record<string, string>;
  messages?: Record<string, RegExp>;
}

const web = workload('web', { replicas: 3 });
const job = workload('job', { runtime: 'wasm', service: undefined, wasm: { module: { path: 'job.wasm' } }, replicas: 1 });

const cases: Case[] = [
  {
    name: 'just placed: Pending, scheduled, not yet available',
    status: () => statusOf(web, instances(web, 1, ['n1', 'n2', 'n3'], 3), { scheduling: { wanted: 3, placed: 3 } }),
    phase: 'Pending',
    conditions: { Scheduled: 'True Scheduled', Available: 'False MinimumInstancesUnavailable', Progressing: 'True InstancesStarting', CrashLoop: 'absent' },
    messages: { Available: /^0 of 3 instances available \(minimum 3\)$/ },
  },
  {
    name: 'all running: Running, available, rollout complete',
    status: () => statusOf(web, instances(web, 1, ['n1', 'n2', 'n3'], 3, { state: 'Running' })),
    phase: 'Running',
    conditions: { Scheduled: 'True Scheduled', Available: 'True MinimumInstancesAvailable', Progressing: 'True RolloutComplete' },
  },
  {
    name: 'unschedulable: Pending with the scheduler\'s message',
    status: () => statusOf(web, [], { scheduling: { wanted: 3, placed: 0, diagnosis: { message: '0/3 nodes available: 3 insufficient memory.', counts: [] } } }),
    phase: 'Pending',
    conditions: { Scheduled: 'False Unschedulable', Available: 'False MinimumInstancesUnavailable' },
    messages: { Scheduled: /^0\/3 nodes available: 3 insufficient memory\.$/ },
  },
  {
    name: 'partly placed: Degraded while some serve',
    status: () => statusOf(web, instances(web, 1, ['n1'], 2, { state: 'Running' }), { scheduling: { wanted: 1, placed: 0, diagnosis: { message: '0/3 nodes available: 3 insufficient cpu.', counts: [] } } }),
    phase: 'Degraded',
    conditions: { Scheduled: 'False Unschedulable', Available: 'False MinimumInstancesUnavailable' },
  },
  {
    name: 'waiting for the rollout budget keeps the last Scheduled verdict',
    status: () => statusOf(web, instances(web, 1, ['n1'], 2, { state: 'Running' }), {
      previous: { conditions: [{ type: 'Scheduled', status: 'False', reason: 'Unschedulable', message: 'earlier', lastTransitionTime: iso(NOW - 5000) }] },
    }),
    phase: 'Degraded',
    conditions: { Scheduled: 'False Unschedulable' },
    messages: { Scheduled: /^earlier$/ },
  },
  {
    name: 'rolling: Running while old ones serve, Progressing names the revisions',
    status: () => statusOf(web, [...instances(web, 1, ['n1', 'n2', 'n3'], 3, { state: 'Running' }), instance(web, 2, 'n1', { state: 'Starting' })], { revision: 2 }),
    phase: 'Running',
    conditions: { Progressing: 'True NewRevisionRolling', Available: 'True MinimumInstancesAvailable' },
    messages: { Progressing: /^rolling to revision 2: 0 of 3 updated instances available, 3 of revision 1 remaining$/ },
  },
  {
    name: 'crash loop: Degraded with a CrashLoop condition naming the instance',
    status: () => statusOf(web, [instance(web, 1, 'n1', { state: 'Starting', crashLoop: true, restarts: 6 }, 'web-1-aaaaa'), ...instances(web, 1, ['n2', 'n3'], 2, { state: 'Running' })]),
    phase: 'Degraded',
    conditions: { CrashLoop: 'True CrashLoopBackOff', Available: 'False MinimumInstancesUnavailable' },
    messages: { CrashLoop: /^1 instance\(s\) crash-looping: web-1-aaaaa on n1 \(back-off 40s\)$/ },
  },
  {
    name: 'crash loop with nothing serving is Degraded, not Pending',
    status: () => statusOf(web, instances(web, 1, ['n1', 'n2', 'n3'], 3, { state: 'Starting', crashLoop: true })),
    phase: 'Degraded',
    conditions: { CrashLoop: 'True CrashLoopBackOff' },
  },
  {
    name: 'recovered from a crash loop: CrashLoop turns False',
    status: () => statusOf(web, instances(web, 1, ['n1', 'n2', 'n3'], 3, { state: 'Running' }), {
      previous: { conditions: [{ type: 'CrashLoop', status: 'True', reason: 'CrashLoopBackOff', message: 'x', lastTransitionTime: iso(NOW - 9000) }] },
    }),
    phase: 'Running',
    conditions: { CrashLoop: 'False NoCrashLoop' },
  },
  {
    name: 'a run-to-completion job that succeeded',
    status: () => statusOf(job, [instance(job, 1, 'n1', { state: 'Succeeded' })]),
    phase: 'Succeeded',
    conditions: { Available: 'False Completed', Progressing: 'True RolloutComplete' },
  },
  {
    name: 'a run-to-completion job that failed',
    status: () => statusOf(job, [instance(job, 1, 'n1', { state: 'Failed' })]),
    phase: 'Failed',
  },
  {
    name: 'a job still running is Running',
    status: () => statusOf(job, [instance(job, 1, 'n1', { state: 'Running' })]),
    phase: 'Running',
  },
  {
    name: 'instances on a node that stopped being Ready are not available',
    status: () => statusOf(web, instances(web, 1, ['n1', 'n2', 'n3'], 3, { state: 'Running' }), { nodes: [node('n1'), node('n2'), node('n3', { notReadyForMs: 1000 })] }),
    phase: 'Degraded',
    conditions: { Available: 'False MinimumInstancesUnavailable' },
  },
  {
    name: 'maxUnavailable lowers the Available floor',
    status: () => statusOf(workload('web', { replicas: 4, rollout: { maxUnavailable: 1 } }), [...instances(web, 1, ['n1', 'n2', 'n3'], 3, { state: 'Running' }), instance(web, 1, 'n1', { state: 'Starting' })]),
    phase: 'Degraded',
    conditions: { Available: 'True MinimumInstancesAvailable' },
    messages: { Available: /^3 of 4 instances available \(minimum 3\)$/ },
  },
  {
    name: 'scaled to zero is Running',
    status: () => statusOf(workload('web', { replicas: 0 }), []),
    phase: 'Running',
    conditions: { Available: 'True MinimumInstancesAvailable', Progressing: 'True RolloutComplete' },
  },
  {
    name: 'everyNode with no feasible node is Pending',
    status: () => statusOf(workload('probe', { placement: { mode: 'everyNode' } }), [], { replicas: 0, scheduling: { wanted: 0, placed: 0, diagnosis: { message: '0/3 nodes available: 3 did not match nodeSelector.', counts: [] } } }),
    phase: 'Pending',
    conditions: { Scheduled: 'False Unschedulable' },
  },
  {
    name: 'deleting: Terminating, conditions left as they were',
    status: () => statusOf(workload('web', { replicas: 3 }, { deleting: true }), [], {
      previous: { conditions: [{ type: 'Available', status: 'True', reason: 'MinimumInstancesAvailable', message: 'm', lastTransitionTime: iso(NOW - 1) }] },
    }),
    phase: 'Terminating',
    conditions: { Available: 'True MinimumInstancesAvailable', Scheduled: 'absent' },
  },
];

describe('buildStatus', () => {
  for (const tc of cases) {
    it(tc.name, () => {
      const s = tc.status();
      assert.equal(s.phase, tc.phase);
      for (const [type, want] of Object.entries(tc.conditions ?? {})) assert.equal(brief(cond(s, type)), want, type);
      for (const [type, re] of Object.entries(tc.messages ?? {})) assert.match(cond(s, type)?.message ?? '', re, type);
    });
  }

  it('publishes observedGeneration, revision and one sorted line per instance', () => {
    const w = workload('web', { replicas: 2 }, { generation: 7 });
    const b = instance(w, 3, 'n2', { state: 'Running', restarts: 2 }, 'web-3-bbbbb');
    const a = instance(w, 3, 'n1', { state: 'Running', stopping: true }, 'web-3-aaaaa');
    const s = statusOf(w, [b, a], { revision: 3 });
    assert.equal(s.observedGeneration, 7);
    assert.equal(s.revision, 3);
    assert.deepEqual(s.instances, [
      { id: 'web-3-aaaaa', node: 'n1', revision: 3, state: 'Stopping', restarts: 0 },
      { id: 'web-3-bbbbb', node: 'n2', revision: 3, state: 'Running', restarts: 2 },
    ]);
  });

  it('copies the ports each instance reported into its line', () => {
    const w = workload('web', { replicas: 1 });
    const i = instance(w, 1, 'n1', { state: 'Running' }, 'web-1-aaaaa');
    const withPorts = { ...i, status: { ...i.status!, ports: [{ name: 'http', port: 41000, protocol: 'TCP' as const }] } };
    assert.deepEqual(statusOf(w, [withPorts]).instances, [
      { id: 'web-1-aaaaa', node: 'n1', revision: 1, state: 'Running', restarts: 0, ports: [{ name: 'http', port: 41000, protocol: 'TCP' }] },
    ]);
  });

  it('moves lastTransitionTime only when a condition flips', () => {
    const running = instances(web, 1, ['n1', 'n2', 'n3'], 3, { state: 'Running' });
    const first = statusOf(web, running);
    const later = statusOf(web, running, { previous: first, now: NOW + 60_000 });
    assert.deepEqual(later.conditions, first.conditions, 'nothing flipped: times kept');
    const broken = statusOf(web, running.slice(0, 2), { previous: first, now: NOW + 60_000 });
    assert.equal(cond(broken, 'Available')?.lastTransitionTime, iso(NOW + 60_000));
    assert.equal(cond(broken, 'Scheduled')?.lastTransitionTime, cond(first, 'Scheduled')?.lastTransitionTime);
    assert.equal(cond(broken, 'Progressing')?.lastTransitionTime, cond(first, 'Progressing')?.lastTransitionTime, 'reason changed, status did not');
  });

  it('keeps conditions it does not own and the rollout status', () => {
    const foreign: Condition = { type: 'Paused', status: 'True', reason: 'Operator', message: 'x', lastTransitionTime: iso(NOW - 1) };
    const rollout: RolloutStatus = {
      strategy: 'canary', phase: 'Paused', message: 'm', stableRevision: 1, canaryRevision: 2, currentStepIndex: 0, stepCount: 2, stepsHash: 'h', weight: 25, commandSeq: 0, events: [],
    };
    const s = statusOf(web, [], { previous: { conditions: [foreign], rollout } });
    assert.deepEqual(s.conditions?.at(-1), foreign);
    assert.deepEqual(s.rollout, rollout);
  });
});
