import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import type { RolloutStep } from '@mosaic/api';
import { describeStep, normalizeSteps } from './canary-step.js';
import { stepsHash } from './steps-hash.js';

const analysis = (over: Record<string, unknown> = {}) => ({ metrics: [{ name: 'ready', kind: 'health' }], intervalSeconds: 10, count: 3, failureLimit: 0, ...over });

describe('normalizeSteps', () => {
  const cases: { name: string; steps: unknown[]; want: unknown[] }[] = [
    { name: 'setWeight', steps: [{ setWeight: 25 }], want: [{ kind: 'setWeight', weight: 25 }] },
    { name: 'timed pause', steps: [{ pause: { seconds: 30 } }], want: [{ kind: 'pause', seconds: 30 }] },
    { name: 'pause until promoted', steps: [{ pause: {} }], want: [{ kind: 'pause' }] },
    {
      name: 'analysis, defaults filled in',
      steps: [{ analysis: { metrics: [{ name: 'p99', kind: 'latencyP99', threshold: 250 }] } }],
      want: [{ kind: 'analysis', metrics: [{ name: 'p99', kind: 'latencyP99', threshold: 250 }], intervalSeconds: 10, count: 3, failureLimit: 0 }],
    },
    { name: 'none', steps: [], want: [] },
  ];
  for (const tc of cases) {
    it(tc.name, () => assert.deepEqual(normalizeSteps(tc.steps as RolloutStep[]), tc.want));
  }

  const bad: { name: string; steps: unknown[]; error: RegExp }[] = [
    { name: 'two kinds in one step', steps: [{ setWeight: 10, pause: {} }], error: /step 1 needs exactly one of .* \(got setWeight and pause\)/ },
    { name: 'no kind', steps: [{ setWeight: 10 }, {}], error: /step 2 needs exactly one of .* \(got none\)/ },
    { name: 'weight out of range', steps: [{ setWeight: 101 }], error: /setWeight must be an integer from 0 to 100/ },
  ];
  for (const tc of bad) {
    it(`rejects ${tc.name}`, () => assert.throws(() => normalizeSteps(tc.steps as RolloutStep[]), (e: Error) => e.name === 'InvalidArgumentError' && tc.error.test(e.message)));
  }

  it('describes each kind', () => {
    const steps = normalizeSteps([{ setWeight: 25 }, { pause: { seconds: 30 } }, { pause: {} }, { analysis: analysis() }] as RolloutStep[]);
    assert.deepEqual(steps.map(describeStep), ['setWeight 25', 'pause 30s', 'pause', 'analysis of ready (3 × 10s, failureLimit 0)']);
  });
});

describe('stepsHash', () => {
  const hash = (steps: unknown[]) => stepsHash(normalizeSteps(steps as RolloutStep[]));
  const base = [{ setWeight: 25 }, { pause: { seconds: 30 } }, { analysis: analysis() }, { setWeight: 100 }];

  it('is 16 hex digits, and stable across releases', () => {
    assert.match(hash(base), /^[0-9a-f]{16}$/);
    assert.equal(hash([]), stepsHash([]));
    assert.equal(hash([]), '09612b07b5ecb5a5'); // FNV-1a 64 of "[]" (checked with an independent implementation): a changed value means every stored hash changes
  });

  const same: { name: string; steps: unknown[] }[] = [
    { name: 'keys in another order', steps: [{ setWeight: 25 }, { pause: { seconds: 30 } }, { analysis: { failureLimit: 0, count: 3, metrics: [{ kind: 'health', name: 'ready' }], intervalSeconds: 10 } }, { setWeight: 100 }] },
    { name: 'defaults left out', steps: [{ setWeight: 25 }, { pause: { seconds: 30 } }, { analysis: { metrics: [{ name: 'ready', kind: 'health' }] } }, { setWeight: 100 }] },
  ];
  for (const tc of same) it(`does not change with ${tc.name}`, () => assert.equal(hash(tc.steps), hash(base)));

  const different: { name: string; steps: unknown[] }[] = [
    { name: 'a weight', steps: [{ setWeight: 20 }, ...base.slice(1)] },
    { name: 'a pause duration', steps: [base[0], { pause: { seconds: 31 } }, ...base.slice(2)] },
    { name: 'a timed pause made manual', steps: [base[0], { pause: {} }, ...base.slice(2)] },
    { name: 'a threshold', steps: [base[0], base[1], { analysis: analysis({ metrics: [{ name: 'ready', kind: 'health', threshold: 0.9 }] }) }, base[3]] },
    { name: 'a failure limit', steps: [base[0], base[1], { analysis: analysis({ failureLimit: 1 }) }, base[3]] },
    { name: 'the order of steps', steps: [base[1], base[0], base[2], base[3]] },
    { name: 'a step more', steps: [...base, { pause: {} }] },
    { name: 'a step less', steps: base.slice(0, 3) },
  ];
  for (const tc of different) it(`changes with ${tc.name}`, () => assert.notEqual(hash(tc.steps), hash(base)));
});
