import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { canonicalJson } from './canonical-json.js';

describe('canonicalJson', () => {
  const cases: { name: string; a: unknown; b: unknown; equal: boolean }[] = [
    { name: 'key order does not matter', a: { x: 1, y: 2 }, b: { y: 2, x: 1 }, equal: true },
    { name: 'nested key order does not matter', a: { o: { b: [1, { d: 1, c: 2 }], a: 1 } }, b: { o: { a: 1, b: [1, { c: 2, d: 1 }] } }, equal: true },
    { name: 'array order matters', a: [1, 2], b: [2, 1], equal: false },
    { name: 'undefined properties are absent', a: { x: 1, y: undefined }, b: { x: 1 }, equal: true },
    { name: 'null is not absent', a: { x: null }, b: {}, equal: false },
    { name: 'numbers and strings differ', a: { x: 1 }, b: { x: '1' }, equal: false },
    { name: 'integer-like keys', a: { 10: 'a', 2: 'b' }, b: { 2: 'b', 10: 'a' }, equal: true },
    { name: 'undefined equals undefined', a: undefined, b: undefined, equal: true },
    { name: 'undefined is not null', a: undefined, b: null, equal: false },
  ];
  for (const tc of cases) {
    it(`${tc.name}: ${tc.equal ? 'equal' : 'different'}`, () => {
      assert.equal(canonicalJson(tc.a) === canonicalJson(tc.b), tc.equal);
    });
  }

  it('sorts keys in the output', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: 1, c: 2 } }), '{"a":{"c":2,"d":1},"b":1}');
  });
});
