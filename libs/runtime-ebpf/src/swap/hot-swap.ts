/**
 * The hot-swap state machine of one probe slot (a workload on a node): replacing the attached
 * revision by a new one without a moment with nothing attached, and without ever losing the
 * old one to a bad new one.
 *
 * ```
 *            start                verified             attached               oldDetached
 *  (old) ──────────▶ Verifying ─────────────▶ Attaching ─────────▶ DetachingOld ─────────────▶ Swapped
 *                       │ verifyFailed           │ attachFailed /        │ oldDetachFailed
 *                       ▼                        ▼ timeout               ▼
 *                   RolledBack ◀─────────────────┘                    Swapped (+ warning: both attached)
 * ```
 * - The old revision is detached only after the new one is attached, so the *gap* (time with
 *   no revision attached) is zero unless the old one died by itself mid-swap (`oldLost`); the
 *   *overlap* (both attached, events counted twice) is the price.
 * - Any failure before `attached` leaves the old revision untouched: `RolledBack` with a typed
 *   reason, and the candidate is discarded (whatever it had attached is detached).
 *
 * Pure: events carry their timestamps; {@link transition} returns the next state and the
 * actions to perform, which `swapProbe()` carries out.
 */

/** Why a swap failed; the candidate's instance reason where it has one. */
export type SwapFailureReason =
  | 'VerificationFailed'
  | 'AttachFailed'
  | 'MapLimitExceeded'
  | 'RequirementsNotMet'
  | 'StartError'
  /** The candidate did not report attached within the swap's deadline. */
  | 'AttachTimeout';

export type SwapPhase = 'Verifying' | 'Attaching' | 'DetachingOld' | 'Swapped' | 'RolledBack';

export interface SwapState {
  phase: SwapPhase;
  /** Whether an old revision was attached when the swap began. */
  hadOld: boolean;
  startedAt: number;
  attachedAt?: number;
  /** When the old revision stopped being attached (detached by us, or lost). */
  oldGoneAt?: number;
  failure?: { reason: SwapFailureReason; message: string };
  /** Non-fatal problems (the old revision could not be detached). */
  warnings: string[];
}

export type SwapEvent =
  | { type: 'verified'; at: number }
  | { type: 'verifyFailed'; at: number; reason: SwapFailureReason; message: string }
  | { type: 'attached'; at: number }
  | { type: 'attachFailed'; at: number; reason: SwapFailureReason; message: string }
  | { type: 'oldDetached'; at: number }
  | { type: 'oldDetachFailed'; at: number; message: string }
  /** The old revision ended by itself (crashed, stopped by someone else) during the swap. */
  | { type: 'oldLost'; at: number };

export type SwapAction =
  /** Verify and attach the candidate (drivers do both in `start()`). */
  | 'startCandidate'
  /** Detach the old revision (stop its instance). */
  | 'detachOld'
  /** Detach whatever the candidate attached and drop it. */
  | 'discardCandidate'
  | 'reportSwapped'
  | 'reportFailed';

export interface SwapStep {
  state: SwapState;
  actions: SwapAction[];
}

/** Begins a swap: the candidate is started (verified, then attached) next to the old revision. */
export function beginSwap(hadOld: boolean, at: number): SwapStep {
  return { state: { phase: 'Verifying', hadOld, startedAt: at, warnings: [] }, actions: ['startCandidate'] };
}

/** Whether the swap is over. */
export function isSwapDone(state: SwapState): boolean {
  return state.phase === 'Swapped' || state.phase === 'RolledBack';
}

/**
 * One step. Events that do not apply to the current phase change nothing (a late `verified`
 * after `attached`, say), except `oldLost`, which is recorded whenever it comes.
 */
export function transition(state: SwapState, event: SwapEvent): SwapStep {
  if (event.type === 'oldLost') {
    const next = { ...state, oldGoneAt: state.oldGoneAt ?? event.at };
    return finishIfDetaching(next);
  }
  switch (state.phase) {
    case 'Verifying':
      if (event.type === 'verified') return { state: { ...state, phase: 'Attaching' }, actions: [] };
      if (event.type === 'attached') return attached(state, event.at);
      if (event.type === 'verifyFailed' || event.type === 'attachFailed') return rolledBack(state, event.reason, event.message);
      break;
    case 'Attaching':
      if (event.type === 'attached') return attached(state, event.at);
      if (event.type === 'attachFailed' || event.type === 'verifyFailed') return rolledBack(state, event.reason, event.message);
      break;
    case 'DetachingOld':
      if (event.type === 'oldDetached') return finishIfDetaching({ ...state, oldGoneAt: state.oldGoneAt ?? event.at });
      if (event.type === 'oldDetachFailed') {
        return {
          state: { ...state, phase: 'Swapped', warnings: [...state.warnings, `the old revision could not be detached: ${event.message}`] },
          actions: ['reportSwapped'],
        };
      }
      break;
    default:
      break;
  }
  return { state, actions: [] };
}

function attached(state: SwapState, at: number): SwapStep {
  const next: SwapState = { ...state, phase: 'DetachingOld', attachedAt: at };
  if (!state.hadOld || state.oldGoneAt !== undefined) return { state: { ...next, phase: 'Swapped' }, actions: ['reportSwapped'] };
  return { state: next, actions: ['detachOld'] };
}

function finishIfDetaching(state: SwapState): SwapStep {
  if (state.phase !== 'DetachingOld' || state.oldGoneAt === undefined) return { state, actions: [] };
  return { state: { ...state, phase: 'Swapped' }, actions: ['reportSwapped'] };
}

function rolledBack(state: SwapState, reason: SwapFailureReason, message: string): SwapStep {
  return { state: { ...state, phase: 'RolledBack', failure: { reason, message } }, actions: ['discardCandidate', 'reportFailed'] };
}

/**
 * Time with no revision attached, in ms: zero when the old one stayed attached until the new
 * one was (the normal case), else from when the old one went until the new one attached (or
 * until now when the swap has not attached yet). Zero without an old revision.
 */
export function swapGapMs(state: SwapState, now: number): number {
  if (!state.hadOld || state.oldGoneAt === undefined) return 0;
  const attachedAt = state.attachedAt ?? (isSwapDone(state) ? undefined : now);
  if (attachedAt === undefined) return Math.max(0, now - state.oldGoneAt);
  return Math.max(0, attachedAt - state.oldGoneAt);
}

/** Time both revisions were attached (events counted twice), in ms. */
export function swapOverlapMs(state: SwapState): number {
  if (!state.hadOld || state.attachedAt === undefined || state.oldGoneAt === undefined) return 0;
  return Math.max(0, state.oldGoneAt - state.attachedAt);
}
