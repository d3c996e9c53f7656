import assert from 'node:assert/strict';
import { formatCpu, formatMemory } from './format-quantity.js';

describe('formatCpu', () => {
  const cases = [
    { millis: 0, want: '0' },
    { millis: 2000, want: '2' },
    { millis: 1500, want: '1500m' },
    { millis: 100, want: '100m' },
  ];
  for (const tc of cases) it(`${tc.millis} → ${tc.want}`, () => assert.equal(formatCpu(tc.millis), tc.want));
});

describe('formatMemory', () => {
  const cases = [
    { bytes: 0, want: '0' },
    { bytes: 1023, want: '1023' },
    { bytes: 1024, want: '1Ki' },
    { bytes: 64 * 2 ** 20, want: '64Mi' },
    { bytes: 1.5 * 2 ** 30, want: '1.5Gi' },
    { bytes: 25276502016, want: '23.5Gi' },
    { bytes: 3 * 2 ** 40, want: '3Ti' },
  ];
  for (const tc of cases) it(`${tc.bytes} → ${tc.want}`, () => assert.equal(formatMemory(tc.bytes), tc.want));
});
