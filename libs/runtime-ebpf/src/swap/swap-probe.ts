import { InstanceReason, isTerminalState, type InstanceHandle, type InstanceSpec, type RuntimeContext, type WorkloadRuntime } from '@mosaic/runtime';
import {
  beginSwap, isSwapDone, swapGapMs, swapOverlapMs, transition,
  type SwapAction, type SwapEvent, type SwapFailureReason, type SwapState,
} from './hot-swap.js';

export interface SwapProbeOptions {
  /** How long the candidate may take to verify and attach. @defaultValue 60000 */
  attachTimeoutMs?: number;
  /** Grace when stopping the old revision (and a failed candidate). @defaultValue 5000 */
  stopGraceMs?: number;
  /** Clock, for tests. @defaultValue performance.now-based milliseconds */
  now?: () => number;
}

/** Timings of a swap, in ms from its start. */
export interface SwapTimings {
  attachedMs?: number;
  oldDetachedMs?: number;
  totalMs: number;
}

export type SwapResult =
  | {
      outcome: 'swapped';
      /** The new revision, Running. */
      handle: InstanceHandle;
      /** Time with nothing attached (0 unless the old one died by itself mid-swap). */
      gapMs: number;
      /** Time both were attached. */
      overlapMs: number;
      timings: SwapTimings;
      warnings: string[];
    }
  | {
      outcome: 'failed';
      reason: SwapFailureReason;
      message: string;
      /** The old revision, untouched and still attached (undefined when there was none). */
      handle: InstanceHandle | undefined;
      /** The candidate in its final state (Failed, or Stopped after a timeout), for its logs. */
      candidate: InstanceHandle | undefined;
      gapMs: number;
      timings: SwapTimings;
    };

const SWAP_REASONS = new Set<string>(['VerificationFailed', 'AttachFailed', 'MapLimitExceeded', 'RequirementsNotMet', 'StartError']);

/** The swap failure a failed candidate stands for. */
function failureOf(handle: InstanceHandle): SwapFailureReason {
  const reason = handle.reason ?? '';
  return (SWAP_REASONS.has(reason) ? reason : 'AttachFailed') as SwapFailureReason;
}

/**
 * Replaces `current` (the attached revision of a probe slot, or undefined) by `next` on this
 * node, in the order the {@link transition} machine prescribes: start `next` (verify, then
 * attach) while `current` stays attached; once `next` is Running, stop `current`. If `next`
 * fails or does not attach within the deadline, it is discarded and `current` keeps running —
 * the result says why, with a typed reason.
 *
 * This is the node-local form of what the reconciler does across the cluster (it places the
 * new revision next to the old and stops the old once the new is available); the agent gets
 * the same guarantees from plain `start()`/`stop()` calls in that order.
 */
export async function swapProbe(
  runtime: WorkloadRuntime,
  current: InstanceHandle | undefined,
  next: InstanceSpec,
  ctx: RuntimeContext,
  options: SwapProbeOptions = {},
): Promise<SwapResult> {
  const now = options.now ?? (() => performance.now());
  const grace = options.stopGraceMs ?? 5000;
  const hadOld = current !== undefined && !isTerminalState(current.state);
  let step = beginSwap(hadOld, now());
  let state: SwapState = step.state;
  let candidate: InstanceHandle | undefined;
  const pending: SwapEvent[] = [];
  let wake: (() => void) | undefined;
  const push = (event: SwapEvent) => {
    pending.push(event);
    wake?.();
  };
  const onOldState = () => {
    if (current && isTerminalState(current.state) && !detaching) push({ type: 'oldLost', at: now() });
  };
  let detaching = false;
  if (hadOld) current.on('state', onOldState);
  const deadline = setTimeout(() => push({ type: 'attachFailed', at: now(), reason: 'AttachTimeout', message: `the new revision did not attach within ${options.attachTimeoutMs ?? 60_000} ms` }), options.attachTimeoutMs ?? 60_000);

  const watchCandidate = (handle: InstanceHandle) => {
    const check = () => {
      if (handle.state === 'Running') push({ type: 'attached', at: now() });
      else if (handle.state === 'Starting' && handle.reason === InstanceReason.Attaching) push({ type: 'verified', at: now() });
      else if (isTerminalState(handle.state)) {
        const reason = failureOf(handle);
        const event = reason === 'VerificationFailed' || reason === 'RequirementsNotMet' || reason === 'MapLimitExceeded' ? 'verifyFailed' : 'attachFailed';
        push({ type: event, at: now(), reason, message: handle.message ?? `the new revision ended ${handle.state}` });
      }
    };
    handle.on('state', check);
    check();
  };

  const perform = async (action: SwapAction): Promise<void> => {
    switch (action) {
      case 'startCandidate':
        try {
          candidate = await runtime.start(next, ctx);
          watchCandidate(candidate);
        } catch (err) {
          push({ type: 'verifyFailed', at: now(), reason: 'StartError', message: err instanceof Error ? err.message : String(err) });
        }
        break;
      case 'detachOld':
        detaching = true;
        try {
          await current!.stop(grace);
          push({ type: 'oldDetached', at: now() });
        } catch (err) {
          push({ type: 'oldDetachFailed', at: now(), message: err instanceof Error ? err.message : String(err) });
        }
        break;
      case 'discardCandidate':
        if (candidate && !isTerminalState(candidate.state)) await candidate.stop(grace);
        break;
      default:
        break;
    }
  };

  try {
    for (const action of step.actions) await perform(action);
    while (!isSwapDone(state)) {
      if (pending.length === 0) await new Promise<void>((r) => (wake = r));
      wake = undefined;
      const event = pending.shift();
      if (!event) continue;
      step = transition(state, event);
      state = step.state;
      for (const action of step.actions) await perform(action);
    }
  } finally {
    clearTimeout(deadline);
    if (hadOld) current.off('state', onOldState);
  }

  const timings: SwapTimings = {
    ...(state.attachedAt !== undefined ? { attachedMs: state.attachedAt - state.startedAt } : {}),
    ...(state.oldGoneAt !== undefined ? { oldDetachedMs: state.oldGoneAt - state.startedAt } : {}),
    totalMs: now() - state.startedAt,
  };
  if (state.phase === 'Swapped') {
    return { outcome: 'swapped', handle: candidate!, gapMs: swapGapMs(state, now()), overlapMs: swapOverlapMs(state), timings, warnings: state.warnings };
  }
  return {
    outcome: 'failed',
    reason: state.failure!.reason,
    message: state.failure!.message,
    handle: hadOld ? current : undefined,
    candidate,
    gapMs: swapGapMs(state, now()),
    timings,
  };
}
