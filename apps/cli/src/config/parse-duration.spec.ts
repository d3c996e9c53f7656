import assert from 'node:assert/strict';
import { parseDuration } from './parse-duration.js';

describe('parseDuration', () => {
  const cases = [
    { input: '500ms', want: 500 },
    { input: '10s', want: 10_000 },
    { input: '1.5s', want: 1_500 },
    { input: '2m', want: 120_000 },
    { input: '1h', want: 3_600_000 },
    { input: '7', want: 7_000 },
  ];
  for (const tc of cases) it(`${tc.input} → ${tc.want} ms`, () => assert.equal(parseDuration(tc.input), tc.want));
  for (const bad of ['', 'soon', '10d', '-1s', '0']) it(`rejects "${bad}"`, () => assert.throws(() => parseDuration(bad), /invalid duration/));
});
