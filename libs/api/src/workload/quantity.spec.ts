import { strict as assert } from 'node:assert';
import { parseCpuMillis, parseMemoryBytes } from './quantity.js';

describe('quantities', () => {
  const cpu: [string, number | undefined][] = [
    ['500m', 500], ['2', 2000], ['0.5', 500], ['1.25', 1250], ['0m', 0], ['', undefined], ['1k', undefined], ['-1', undefined], ['m', undefined],
  ];
  for (const [input, want] of cpu) it(`cpu ${JSON.stringify(input)} → ${want}`, () => assert.equal(parseCpuMillis(input), want));

  const memory: [string, number | undefined][] = [
    ['256Mi', 256 * 2 ** 20], ['1Gi', 2 ** 30], ['500M', 5e8], ['1048576', 1048576], ['1.5Gi', 1.5 * 2 ** 30], ['2Ki', 2048], ['1k', 1000],
    ['12XB', undefined], ['Mi', undefined], ['-1Mi', undefined],
  ];
  for (const [input, want] of memory) it(`memory ${JSON.stringify(input)} → ${want}`, () => assert.equal(parseMemoryBytes(input), want));
});
