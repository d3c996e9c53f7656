import { Aborted, CommandIgnored, Paused, Resumed, Retried } from '../events/reasons.js';
import type { HandledCommand } from '../state/rollout-decision.js';
import type { RolloutCommand } from '../state/rollout-input.js';
import type { RolloutState } from '../state/rollout-state.js';
import { countsFor, emit, inProgress, isActive, resetProgress, settlePhase, stepLabel, type RolloutContext } from './rollout-context.js';
import { STRATEGIES } from './strategies.js';
import { haltRollout, restartRollout } from './transitions.js';

/**
 * Applies pending operator commands in `seq` order, each once: `state.commandSeq` remembers the
 * highest handled, and commands at or below it are skipped (already done). A command that does
 * not apply now is ignored with a `CommandIgnored` event saying why, never queued for later.
 *
 * | command      | applies to                | effect                                                |
 * |--------------|---------------------------|-------------------------------------------------------|
 * | pause        | Progressing, Paused       | operator pause: nothing advances, the split holds     |
 * | resume       | an operator pause         | lifts it; a pause step still waits for its end        |
 * | promote      | Progressing, Paused, Degraded | skips the current step (blue-green: switches traffic) |
 * | promoteFull  | Progressing, Paused, Degraded | straight to 100% (blue-green: switches even unready)  |
 * | abort        | Progressing, Paused, Degraded | Aborted: back to the stable revision                  |
 * | retry        | Aborted, Degraded         | the same revision again from the first step           |
 */
export function reconcileCommands(ctx: RolloutContext, s: RolloutState): HandledCommand[] {
  const pending = (ctx.input.commands ?? []).filter((c) => c.seq > s.commandSeq).sort((a, b) => a.seq - b.seq);
  const handled: HandledCommand[] = [];
  for (const command of pending) {
    const before = ctx.events.length;
    const ignored = applyCommand(ctx, s, command);
    settlePhase(s);
    s.commandSeq = Math.max(s.commandSeq, command.seq);
    if (ignored !== undefined) {
      emit(ctx, s, CommandIgnored, `${command.kind}${by(command)} ignored: ${ignored}`);
      handled.push({ seq: command.seq, kind: command.kind, outcome: 'Ignored', message: ignored });
    } else {
      const message = ctx.events.slice(before).map((e) => e.message).join('; ') || command.kind;
      handled.push({ seq: command.seq, kind: command.kind, outcome: 'Applied', message });
    }
  }
  return handled;
}

/** Applies one command; returns why it does not apply, or undefined when applied. */
function applyCommand(ctx: RolloutContext, s: RolloutState, command: RolloutCommand): string | undefined {
  if (command.revision !== undefined && command.revision !== s.canaryRevision) {
    return `it was meant for revision ${command.revision}, and the rollout is at revision ${s.canaryRevision}`;
  }
  if (!inProgress(s)) return `no rollout in progress: revision ${s.stableRevision} is stable`;
  const who = by(command);
  const movable = isActive(s) || s.phase === 'Degraded';
  switch (command.kind) {
    case 'pause':
      if (!isActive(s)) return `the rollout is ${s.phase}`;
      if (s.operatorPause) return 'it is already paused by an operator';
      s.operatorPause = { startedAt: ctx.at };
      s.holdCanary = countsFor(ctx, s).canary.live;
      emit(ctx, s, Paused, `Paused${who} at ${stepLabel(ctx, s)} (weight ${s.weight}%); resume continues`);
      return undefined;
    case 'resume':
      if (!s.operatorPause) return s.pause ? `it is not paused by an operator; ${stepLabel(ctx, s)} ends with promote` : `it is not paused (${s.phase})`;
      delete s.operatorPause;
      delete s.holdCanary;
      resetProgress(ctx, s);
      emit(ctx, s, Resumed, `Resumed${who} at ${stepLabel(ctx, s)}`);
      return undefined;
    case 'promote':
    case 'promoteFull':
      if (!movable) return `the rollout is ${s.phase}${s.phase === 'Aborted' ? '; retry starts it again from the first step' : ''}`;
      return STRATEGIES[s.strategy].promote(ctx, s, command.kind === 'promoteFull', who);
    case 'abort':
      if (!movable) return `the rollout is already ${s.phase}`;
      haltRollout(ctx, s, Aborted, `by operator${who ? ` (${command.by})` : ''}`, `Aborted${who} at ${stepLabel(ctx, s)}`, true);
      return undefined;
    case 'retry': {
      if (s.phase !== 'Aborted' && s.phase !== 'Degraded') return `only an aborted or degraded rollout can be retried (it is ${s.phase})`;
      const was = `${s.phase}${s.abort ? `: ${s.abort.reason}` : ''}`;
      emit(ctx, s, Retried, `Retried${who}: revision ${s.canaryRevision} starts again from ${stepLabel(ctx, s, 0)} (was ${was})`);
      restartRollout(ctx, s, false);
      return undefined;
    }
    default:
      return `unknown command ${JSON.stringify((command as { kind: unknown }).kind)}`;
  }
}

function by(command: RolloutCommand): string {
  return command.by ? ` by ${command.by}` : '';
}
