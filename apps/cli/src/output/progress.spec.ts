import assert from 'node:assert/strict';
import { createProgress } from './progress.js';

describe('createProgress', () => {
  const cases = [
    { name: 'small batch in a log: silent', total: 3, tty: false, want: '' },
    { name: 'big batch in a log: every 10 %', total: 30, tty: false, want: [3, 6, 9, 12, 15, 18, 21, 24, 27, 30].map((k) => `[${k}/30] applying\n`).join('') },
    { name: 'terminal: redrawn in place, cleared at the end', total: 2, tty: true, want: '\r[1/2] applying\r[2/2] applying\r\x1b[K' },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      let out = '';
      const p = createProgress(tc.total, 'applying', { isTTY: tc.tty, write: (s: string) => (out += s) });
      for (let i = 0; i < tc.total; i++) p.tick();
      p.done();
      assert.equal(out, tc.want);
    });
  }
});
