import { strict as assert } from 'node:assert';
import { describeExit } from './describe-exit.js';

describe('describeExit', () => {
  const cases: [code: number | null, signal: string | null, want: string][] = [
    [0, null, 'exited with code 0'],
    [3, null, 'exited with code 3'],
    [143, null, 'exited with code 143 (SIGTERM)'],
    [137, null, 'exited with code 137 (SIGKILL)'],
    [null, 'SIGKILL', 'killed by SIGKILL'],
    [null, null, 'exited; exit code unknown'],
  ];
  for (const [code, signal, want] of cases) it(want, () => assert.equal(describeExit({ code, signal }), want));
});
