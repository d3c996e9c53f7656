import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { compareCodePoints, compareObjectKeys } from './key-order.js';

describe('compareCodePoints', () => {
  const cases: { a: string; b: string; want: -1 | 0 | 1 }[] = [
    { a: 'a', b: 'b', want: -1 },
    { a: 'b', b: 'a', want: 1 },
    { a: 'a', b: 'a', want: 0 },
    { a: 'a', b: 'ab', want: -1 },
    { a: '', b: 'a', want: -1 },
    { a: 'A', b: 'a', want: -1 },
    { a: 'z', b: 'é', want: -1 },
    { a: '\uFFFD', b: '😀', want: -1 }, // U+FFFD < U+1F600, although UTF-16 '\uD83D' < '\uFFFD'
    { a: '\uE000', b: '𝔸', want: -1 },
    { a: '😀', b: '\uFFFF', want: 1 },
    { a: '😀', b: '😁', want: -1 },
    { a: '\uD7FF', b: '😀', want: -1 },
  ];
  for (const tc of cases) {
    it(`${JSON.stringify(tc.a)} vs ${JSON.stringify(tc.b)} is ${tc.want}`, () => {
      assert.equal(Math.sign(compareCodePoints(tc.a, tc.b)), tc.want);
    });
  }

  it('agrees with the byte order of UTF-8', () => {
    const strings = ['a', 'é', '\uE000', '\uFFFD', '😀', '𝔸', 'ab', '', 'z', '\u0080', '\u07FF', '\u0800'];
    const byBytes = [...strings].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    assert.deepEqual([...strings].sort(compareCodePoints), byBytes);
  });
});

describe('compareObjectKeys', () => {
  it('orders by namespace, then name', () => {
    const keys = [
      { namespace: 'b', name: 'a' },
      { namespace: 'a', name: 'z' },
      { namespace: 'a', name: 'b' },
      { namespace: '', name: 'x' },
    ];
    assert.deepEqual(keys.sort(compareObjectKeys).map((k) => `${k.namespace}/${k.name}`), ['/x', 'a/b', 'a/z', 'b/a']);
  });
});
