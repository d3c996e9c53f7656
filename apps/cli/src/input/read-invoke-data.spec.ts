import assert from 'node:assert/strict';
import { CliError } from '../errors/cli-error.js';
import { readInvokeData } from './read-invoke-data.js';

describe('readInvokeData', () => {
  const files: Record<string, string> = { 'in.json': '{"a":1}', 'empty.json': '  \n', 'bad.json': '{a' };
  const read = (p: string | 0) => {
    if (p === 0) return '[1,2]';
    const text = files[p];
    if (text === undefined) throw new Error(`ENOENT: no such file ${p}`);
    return text;
  };
  const cases: { name: string; data: string | undefined; want?: unknown; error?: RegExp }[] = [
    { name: 'absent', data: undefined, want: undefined },
    { name: 'inline JSON', data: '{"a":1}', want: { a: 1 } },
    { name: 'inline scalar', data: '42', want: 42 },
    { name: 'a file', data: '@in.json', want: { a: 1 } },
    { name: 'stdin', data: '@-', want: [1, 2] },
    { name: 'an empty file is no input', data: '@empty.json', want: undefined },
    { name: 'bad inline JSON names --data', data: '{oops', error: /^--data is not JSON/ },
    { name: 'bad file JSON names the file', data: '@bad.json', error: /^bad\.json is not JSON/ },
    { name: 'a missing file', data: '@nope.json', error: /^cannot read nope\.json: ENOENT/ },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      if (tc.error) assert.throws(() => readInvokeData(tc.data, read), (err: unknown) => err instanceof CliError && tc.error!.test(err.message));
      else assert.deepEqual(readInvokeData(tc.data, read), tc.want);
    });
  }
});
