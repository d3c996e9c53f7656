import { strict as assert } from 'node:assert';
import { beginSwap, swapGapMs, swapOverlapMs, transition, type SwapAction, type SwapEvent, type SwapPhase } from './hot-swap.js';

describe('hot-swap state machine', () => {
  const cases: {
    name: string;
    hadOld: boolean;
    events: SwapEvent[];
    phases: SwapPhase[];
    actions: SwapAction[][];
    reason?: string;
    gap: number;
    overlap: number;
  }[] = [
    {
      name: 'verify → attach → detach old: swapped with no gap',
      hadOld: true,
      events: [{ type: 'verified', at: 10 }, { type: 'attached', at: 50 }, { type: 'oldDetached', at: 80 }],
      phases: ['Attaching', 'DetachingOld', 'Swapped'],
      actions: [[], ['detachOld'], ['reportSwapped']],
      gap: 0,
      overlap: 30,
    },
    {
      name: 'verification fails: old kept, candidate discarded',
      hadOld: true,
      events: [{ type: 'verifyFailed', at: 10, reason: 'VerificationFailed', message: 'syntax error' }],
      phases: ['RolledBack'],
      actions: [['discardCandidate', 'reportFailed']],
      reason: 'VerificationFailed',
      gap: 0,
      overlap: 0,
    },
    {
      name: 'attach fails after verification: old kept',
      hadOld: true,
      events: [{ type: 'verified', at: 10 }, { type: 'attachFailed', at: 30, reason: 'AttachFailed', message: 'no such kprobe' }],
      phases: ['Attaching', 'RolledBack'],
      actions: [[], ['discardCandidate', 'reportFailed']],
      reason: 'AttachFailed',
      gap: 0,
      overlap: 0,
    },
    {
      name: 'attach timeout: old kept',
      hadOld: true,
      events: [{ type: 'verified', at: 10 }, { type: 'attachFailed', at: 60_000, reason: 'AttachTimeout', message: 'slow' }],
      phases: ['Attaching', 'RolledBack'],
      actions: [[], ['discardCandidate', 'reportFailed']],
      reason: 'AttachTimeout',
      gap: 0,
      overlap: 0,
    },
    {
      name: 'attached straight away (objects report verify and attach together)',
      hadOld: true,
      events: [{ type: 'attached', at: 40 }, { type: 'oldDetached', at: 45 }],
      phases: ['DetachingOld', 'Swapped'],
      actions: [['detachOld'], ['reportSwapped']],
      gap: 0,
      overlap: 5,
    },
    {
      name: 'no old revision: swapped on attach',
      hadOld: false,
      events: [{ type: 'verified', at: 10 }, { type: 'attached', at: 20 }],
      phases: ['Attaching', 'Swapped'],
      actions: [[], ['reportSwapped']],
      gap: 0,
      overlap: 0,
    },
    {
      name: 'the old one dies by itself mid-swap: the gap is measured',
      hadOld: true,
      events: [{ type: 'verified', at: 10 }, { type: 'oldLost', at: 20 }, { type: 'attached', at: 70 }],
      phases: ['Attaching', 'Attaching', 'Swapped'],
      actions: [[], [], ['reportSwapped']],
      gap: 50,
      overlap: 0,
    },
    {
      name: 'the old one cannot be detached: swapped with a warning',
      hadOld: true,
      events: [{ type: 'attached', at: 10 }, { type: 'oldDetachFailed', at: 12, message: 'EBUSY' }],
      phases: ['DetachingOld', 'Swapped'],
      actions: [['detachOld'], ['reportSwapped']],
      gap: 0,
      overlap: 0,
    },
    {
      name: 'late events after the end change nothing',
      hadOld: true,
      events: [{ type: 'verifyFailed', at: 10, reason: 'VerificationFailed', message: 'x' }, { type: 'attached', at: 20 }],
      phases: ['RolledBack', 'RolledBack'],
      actions: [['discardCandidate', 'reportFailed'], []],
      reason: 'VerificationFailed',
      gap: 0,
      overlap: 0,
    },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      let step = beginSwap(tc.hadOld, 0);
      assert.deepEqual(step.actions, ['startCandidate']);
      const phases: SwapPhase[] = [];
      const actions: SwapAction[][] = [];
      for (const event of tc.events) {
        step = transition(step.state, event);
        phases.push(step.state.phase);
        actions.push(step.actions);
      }
      assert.deepEqual(phases, tc.phases);
      assert.deepEqual(actions, tc.actions);
      assert.equal(step.state.failure?.reason, tc.reason);
      assert.equal(swapGapMs(step.state, 1000), tc.gap);
      assert.equal(swapOverlapMs(step.state), tc.overlap);
    });
  }
});
