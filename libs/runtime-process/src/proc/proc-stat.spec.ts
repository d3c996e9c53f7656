import { strict as assert } from 'node:assert';
import { parseProcStat } from './proc-stat.js';

describe('parseProcStat', () => {
  const tail = '0 -1 4194560 99 0 0 0 0 0 0 0 20 0 1 0 123456 9 9';
  const cases: { name: string; line: string; want: { comm: string; state: string; ppid: number; pgid: number; sid: number; startTime: string } | undefined }[] = [
    { name: 'a plain command', line: `42 (sleep) S 1 42 42 ${tail}`, want: { comm: 'sleep', state: 'S', ppid: 1, pgid: 42, sid: 42, startTime: '123456' } },
    { name: 'comm with spaces and parentheses', line: `42 (a) b (c) Z 7 8 9 ${tail}`, want: { comm: 'a) b (c', state: 'Z', ppid: 7, pgid: 8, sid: 9, startTime: '123456' } },
    { name: 'truncated', line: '42 (x) S 1 2', want: undefined },
    { name: 'garbage', line: 'nope', want: undefined },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const got = parseProcStat(tc.line);
      if (!tc.want) return assert.equal(got, undefined);
      assert.deepEqual(got, { pid: 42, ...tc.want });
    });
  }

  it('reads this process', async () => {
    const { readProcStat } = await import('./proc-stat.js');
    const me = readProcStat(process.pid);
    assert.equal(me?.pid, process.pid);
    assert.match(me?.startTime ?? '', /^\d+$/);
  });
});
