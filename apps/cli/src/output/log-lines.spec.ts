import assert from 'node:assert/strict';
import { LinePrefixer } from './log-lines.js';

describe('LinePrefixer', () => {
  const cases: { name: string; pieces: [string, string][]; want: string }[] = [
    { name: 'whole lines', pieces: [['a', 'one\ntwo\n']], want: '[a] one\n[a] two\n' },
    { name: 'a line split over pieces', pieces: [['a', 'on'], ['a', 'e\n']], want: '[a] one\n' },
    { name: 'interleaved instances keep their own partial lines', pieces: [['a', 'x'], ['b', 'y\n'], ['a', 'z\n']], want: '[b] y\n[a] xz\n' },
    { name: 'an unfinished last line is flushed', pieces: [['a', 'one\ntw']], want: '[a] one\n[a] tw\n' },
    { name: 'empty lines are kept', pieces: [['a', '\n\n']], want: '[a] \n[a] \n' },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const p = new LinePrefixer();
      const out = tc.pieces.map(([i, d]) => p.push(i, d)).join('') + p.flush();
      assert.equal(out, tc.want);
    });
  }
});
