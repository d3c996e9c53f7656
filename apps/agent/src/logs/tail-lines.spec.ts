import assert from 'node:assert/strict';
import { lastLinesStart, pieces } from './tail-lines.js';

describe('lastLinesStart', () => {
  const cases = [
    { text: 'a\nb\nc\n', lines: 2, want: 'b\nc\n' },
    { text: 'a\nb\nc', lines: 2, want: 'b\nc' },
    { text: 'a\nb\nc\n', lines: 1, want: 'c\n' },
    { text: 'a\nb\nc\n', lines: 3, want: 'a\nb\nc\n' },
    { text: 'a\nb\nc\n', lines: 10, want: 'a\nb\nc\n' },
    { text: 'a\nb\n', lines: 0, want: '' },
    { text: '', lines: 3, want: '' },
    { text: '\n\n\n', lines: 2, want: '\n\n' },
    { text: 'only', lines: 1, want: 'only' },
  ];
  for (const tc of cases) it(`${JSON.stringify(tc.text)} last ${tc.lines}`, () => assert.equal(tc.text.slice(lastLinesStart(tc.text, tc.lines)), tc.want));
});

describe('pieces', () => {
  it('splits into bounded pieces that join back', () => {
    assert.deepEqual([...pieces('abcdefg', 3)], ['abc', 'def', 'g']);
    assert.deepEqual([...pieces('', 3)], []);
  });
});
