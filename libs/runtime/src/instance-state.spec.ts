import { strict as assert } from 'node:assert';
import type { InstanceState } from '@mosaic/api';
import { isTerminalState } from './instance-state.js';

describe('isTerminalState', () => {
  const cases: [InstanceState, boolean][] = [
    ['Pending', false], ['Starting', false], ['Running', false], ['Stopping', false],
    ['Succeeded', true], ['Failed', true], ['Stopped', true],
  ];
  for (const [state, want] of cases) it(`${state} → ${want}`, () => assert.equal(isTerminalState(state), want));
});
