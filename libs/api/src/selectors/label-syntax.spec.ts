import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { labelKeyProblem, labelValueProblem } from './label-syntax.js';

describe('labelKeyProblem', () => {
  const cases: { key: string; valid: boolean }[] = [
    { key: 'app', valid: true },
    { key: 'A1', valid: true },
    { key: 'a.b_c-d', valid: true },
    { key: 'mosaic.dev/app', valid: true },
    { key: 'a-b.example.com/x', valid: true },
    { key: `${'p'.repeat(63)}.${'q'.repeat(63)}/n`, valid: true },
    { key: 'k'.repeat(63), valid: true },
    { key: '', valid: false },
    { key: 'k'.repeat(64), valid: false },
    { key: '_a', valid: false },
    { key: 'a_', valid: false },
    { key: 'a b', valid: false },
    { key: 'a/b/c', valid: false },
    { key: '/a', valid: false },
    { key: 'a/', valid: false },
    { key: 'UPPER.dev/a', valid: false },
    { key: '-x.dev/a', valid: false },
    { key: `${'p'.repeat(254)}/a`, valid: false },
  ];
  for (const tc of cases) {
    it(`"${tc.key.length > 40 ? tc.key.slice(0, 40) + '…' : tc.key}" is ${tc.valid ? 'valid' : 'invalid'}`, () => {
      assert.equal(labelKeyProblem(tc.key) === undefined, tc.valid, labelKeyProblem(tc.key));
    });
  }
});

describe('labelValueProblem', () => {
  const cases: { value: string; valid: boolean }[] = [
    { value: '', valid: true },
    { value: 'v1.2-rc_3', valid: true },
    { value: 'v'.repeat(63), valid: true },
    { value: 'v'.repeat(64), valid: false },
    { value: '.v', valid: false },
    { value: 'a/b', valid: false },
    { value: 'a b', valid: false },
  ];
  for (const tc of cases) {
    it(`"${tc.value.length > 40 ? tc.value.slice(0, 40) + '…' : tc.value}" is ${tc.valid ? 'valid' : 'invalid'}`, () => {
      assert.equal(labelValueProblem(tc.value) === undefined, tc.valid, labelValueProblem(tc.value));
    });
  }
});
