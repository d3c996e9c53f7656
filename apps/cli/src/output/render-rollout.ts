import type { RolloutHistoryEntry, RolloutPreview, RolloutView } from '@mosaic/sdk';
import { formatAge, humanDuration } from './age.js';
import { renderTable } from './table.js';

/** Phases after which `mosaic rollout status` (without --watch) stops watching. */
export const SETTLED_PHASES: ReadonlySet<string> = new Set(['Healthy', 'Completed', 'Aborted', 'Degraded']);

/** Whether the rollout has nothing left to do on its own (finished, aborted, or stuck until an operator acts). */
export function rolloutSettled(view: RolloutView): boolean {
  const r = view.rollout;
  if (!r) return false;
  const restored = r.phase !== 'Aborted' || r.abort?.restored === true;
  return SETTLED_PHASES.has(r.phase) && restored && view.revisions.every((c) => c.role !== 'old' || c.live === 0);
}

/**
 * The live view of a rollout (like `kubectl argo rollouts get rollout`): name, strategy and
 * phase, the steps with the current one marked, weight, instances per revision, time left in a
 * pause, the last analysis measurement, and the recent events. Pure: `now` is given.
 */
export function renderRolloutStatus(view: RolloutView, now: Date, events = 5): string {
  const r = view.rollout;
  const out: string[] = [];
  out.push(`Name:        ${view.namespace}/${view.name}`);
  out.push(`Runtime:     ${view.runtime}`);
  if (!r) {
    out.push('Rollout:     (not reconciled yet)');
    return `${out.join('\n')}\n`;
  }
  out.push(`Strategy:    ${r.strategy}`);
  out.push(`Status:      ${statusIcon(r.phase)} ${r.phase}${r.message ? ` — ${r.message}` : ''}`);
  out.push(`Revisions:   stable ${r.stableRevision}${r.canaryRevision !== r.stableRevision ? `, canary ${r.canaryRevision}` : ''}`);
  out.push(`Weight:      ${r.canaryRevision !== r.stableRevision ? `${r.weight}%` : '100% (stable)'}`);
  const pause = pauseLine(r, now);
  if (pause) out.push(`Pause:       ${pause}`);
  if (r.operatorPause) out.push(`Paused by operator since ${formatAge(r.operatorPause.startedAt, now)} ago (mosaic rollout resume)`);
  if (view.steps.length) {
    out.push('Steps:');
    view.steps.forEach((s, i) => {
      const mark = r.strategy !== 'canary' ? ' ' : i < r.currentStepIndex ? '✔' : i === r.currentStepIndex && r.canaryRevision !== r.stableRevision ? '▶' : ' ';
      out.push(`  ${mark} ${i + 1}. ${s}`);
    });
  }
  if (view.revisions.length) {
    out.push('Instances:');
    const rows = view.revisions.map((c) => [String(c.revision), c.role, `${c.ready}/${c.live}`, String(c.restarts)]);
    out.push(...renderTable(['REVISION', 'ROLE', 'READY', 'RESTARTS'], rows).map((l) => `  ${l}`));
  }
  const analysis = analysisLine(r);
  if (analysis) out.push(`Analysis:    ${analysis}`);
  const recent = r.events.slice(-events);
  if (recent.length) {
    out.push('Events:');
    for (const e of recent) out.push(`  ${formatAge(e.at, now).padEnd(5)} ${e.type.padEnd(7)} ${e.reason.padEnd(24)} ${e.message}`);
  }
  return `${out.join('\n')}\n`;
}

function statusIcon(phase: string): string {
  switch (phase) {
    case 'Completed':
    case 'Healthy':
      return '✔';
    case 'Paused':
      return '॥';
    case 'Progressing':
      return '◌';
    default:
      return '✖';
  }
}

function pauseLine(r: NonNullable<RolloutView['rollout']>, now: Date): string | undefined {
  if (!r.pause) return undefined;
  const what = r.pause.reason === 'Preview' ? 'preview, waiting for promote' : 'pause step';
  if (!r.pause.endsAt) return `${what}, until promoted (mosaic rollout promote)`;
  const left = Math.max(0, Date.parse(r.pause.endsAt) - now.getTime());
  return `${what}, ${humanDuration(left)} left (ends ${r.pause.endsAt})`;
}

function analysisLine(r: NonNullable<RolloutView['rollout']>): string | undefined {
  const a = r.analysis;
  if (!a) return undefined;
  const last = a.measurements.at(-1);
  const values = last?.results.map((m) => `${m.name}=${m.value ?? '?'}${m.threshold !== undefined ? ` (threshold ${m.threshold})` : ''} ${m.outcome}`).join(', ');
  return `step ${a.stepIndex + 1}: ${a.phase}, ${a.taken}/${a.count} measured, ${a.failures} failed (limit ${a.failureLimit})${values ? `; last: ${values}` : ''}`;
}

/** `mosaic rollout history`: one row per revision with its change cause. */
export function renderRolloutHistory(entries: readonly RolloutHistoryEntry[], now: Date): string {
  if (!entries.length) return 'No revisions.\n';
  const rows = entries.map((e) => [String(e.revision), e.changeCause, formatAge(e.createdAt, now), e.role]);
  return `${renderTable(['REVISION', 'CHANGE-CAUSE', 'AGE', 'ROLE'], rows).join('\n')}\n`;
}

/** `apply --dry-run=server` on a changed workload: what its rollout would do. */
export function renderRolloutPreview(p: RolloutPreview): string {
  const out = [`  rollout: ${p.summary}`];
  if (p.nodeOrder.length && p.steps.length) out.push(`  node order: ${p.nodeOrder.join(', ')}`);
  for (const s of p.steps) out.push(`    ${s}`);
  return `${out.join('\n')}\n`;
}
