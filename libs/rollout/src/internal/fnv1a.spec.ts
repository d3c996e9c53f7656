import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { canonicalJson } from './canonical-json.js';
import { fmix32, fnv1a32, fnv1a64 } from './fnv1a.js';
import { formatDuration } from './time.js';

describe('fnv1a', () => {
  // Reference vectors from the FNV specification (draft-eastlake-fnv).
  const cases: [string, number, string][] = [
    ['', 0x811c9dc5, 'cbf29ce484222325'],
    ['a', 0xe40c292c, 'af63dc4c8601ec8c'],
    ['foobar', 0xbf9cf968, '85944171f73967e8'],
  ];
  for (const [text, h32, h64] of cases) {
    it(`"${text}"`, () => {
      assert.equal(fnv1a32(text), h32);
      assert.equal(fnv1a64(text), h64);
    });
  }

  it('hashes the UTF-8 bytes (2-, 3- and 4-byte characters; lone surrogates as U+FFFD)', () => {
    assert.equal(fnv1a32('é'), fnv1a32String([0xc3, 0xa9]));
    assert.equal(fnv1a32('€'), fnv1a32String([0xe2, 0x82, 0xac]));
    assert.equal(fnv1a32('😀'), fnv1a32String([0xf0, 0x9f, 0x98, 0x80]));
    assert.equal(fnv1a32('\ud800'), fnv1a32('\ufffd'));
  });

  it('fmix32 is a bijection on a sample and spreads neighbours', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 10000; i++) seen.add(fmix32(i));
    assert.equal(seen.size, 10000);
    assert.notEqual(fmix32(1) >>> 28, fmix32(2) >>> 28);
  });
});

describe('canonicalJson', () => {
  const cases: [unknown, string][] = [
    [{ b: 1, a: [2, { d: 1, c: undefined }] }, '{"a":[2,{"d":1}],"b":1}'],
    [[undefined, null, 'x'], '[null,null,"x"]'],
    [{ '"': Number.POSITIVE_INFINITY }, '{"\\"":null}'],
  ];
  for (const [value, want] of cases) it(want, () => assert.equal(canonicalJson(value), want));
});

describe('formatDuration', () => {
  const cases: [number, string][] = [[0, '0s'], [999, '1s'], [30_000, '30s'], [90_000, '1m30s'], [3_600_000, '1h'], [3_661_000, '1h1m1s']];
  for (const [ms, want] of cases) it(`${ms} ms → ${want}`, () => assert.equal(formatDuration(ms), want));
});

/** FNV-1a 32 over explicit bytes, to check the UTF-8 encoder against. */
function fnv1a32String(bytes: number[]): number {
  let h = 0x811c9dc5;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193);
  return h >>> 0;
}
