import assert from 'node:assert/strict';
import { InvalidArgumentError } from '@mosaic/api';
import { cpuToMillicores, memoryToBytes, quantityToNumber } from './parse-quantity.js';

describe('parse-quantity', () => {
  describe('cpuToMillicores', () => {
    const cases = [
      { name: 'millicores', input: '500m', want: 500 },
      { name: 'whole cores', input: '4', want: 4000 },
      { name: 'fractional cores', input: '1.5', want: 1500 },
      { name: 'tenth of a core stays exact', input: '0.1', want: 100 },
      { name: 'leading dot', input: '.25', want: 250 },
      { name: 'rounds micro up to a milli', input: '1u', want: 1 },
      { name: 'nanocores round up', input: '1500000n', want: 2 },
      { name: 'exponent', input: '2e-1', want: 200 },
      { name: 'kilo cores', input: '1k', want: 1_000_000 },
      { name: 'zero', input: '0', want: 0 },
      { name: 'explicit plus', input: '+250m', want: 250 },
      { name: 'negative', input: '-500m', want: -500 },
    ];
    for (const tc of cases) it(tc.name, () => assert.equal(cpuToMillicores(tc.input), tc.want));
  });

  describe('memoryToBytes', () => {
    const cases = [
      { name: 'gibibytes', input: '4Gi', want: 4 * 1024 ** 3 },
      { name: 'mebibytes', input: '256Mi', want: 256 * 1024 ** 2 },
      { name: 'kibibytes', input: '16318496Ki', want: 16318496 * 1024 },
      { name: 'decimal kilo', input: '1k', want: 1000 },
      { name: 'decimal mega', input: '129M', want: 129_000_000 },
      { name: 'fractional binary', input: '1.5Gi', want: 1.5 * 1024 ** 3 },
      { name: 'plain bytes', input: '123456', want: 123456 },
      { name: 'exponent', input: '12e6', want: 12_000_000 },
      { name: 'capital E exponent', input: '1E3', want: 1000 },
      { name: 'exa suffix', input: '1E', want: 1e18 },
      { name: 'milli bytes round up', input: '1500m', want: 2 },
      { name: 'surrounding spaces', input: ' 1Ki ', want: 1024 },
    ];
    for (const tc of cases) it(tc.name, () => assert.equal(memoryToBytes(tc.input), tc.want));
  });

  describe('quantityToNumber', () => {
    const cases = [
      { name: 'millis', input: '250m', want: 0.25 },
      { name: 'binary', input: '2Ki', want: 2048 },
      { name: 'pods', input: '110', want: 110 },
    ];
    for (const tc of cases) it(tc.name, () => assert.equal(quantityToNumber(tc.input), tc.want));
  });

  describe('invalid quantities', () => {
    const cases = ['', 'abc', '1.2.3', '5Xi', '1 Gi', 'Gi', '1e', '--1', '1ki'];
    for (const input of cases) {
      it(`rejects "${input}"`, () => assert.throws(() => memoryToBytes(input), InvalidArgumentError));
    }
  });
});
