import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { formatLabelSelector } from './format-label-selector.js';
import { parseLabelSelector } from './parse-label-selector.js';

describe('formatLabelSelector', () => {
  const cases: { input: string; want: string }[] = [
    { input: '', want: '' },
    { input: 'a=b', want: 'a=b' },
    { input: 'a == b', want: 'a=b' },
    { input: 'a != b', want: 'a!=b' },
    { input: 'a=', want: 'a=' },
    { input: 'a in ( x , y )', want: 'a in (x,y)' },
    { input: 'a notin(x)', want: 'a notin (x)' },
    { input: ' a ', want: 'a' },
    { input: '! a', want: '!a' },
    { input: 'mosaic.dev/x=1, b in (c), !d', want: 'mosaic.dev/x=1,b in (c),!d' },
  ];
  for (const tc of cases) {
    it(`renders "${tc.input}" as "${tc.want}" and reads it back`, () => {
      const parsed = parseLabelSelector(tc.input);
      const formatted = formatLabelSelector(parsed);
      assert.equal(formatted, tc.want);
      assert.deepEqual(parseLabelSelector(formatted), parsed);
    });
  }
});
