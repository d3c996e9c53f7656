import assert from 'node:assert/strict';
import { ConflictError, NotFoundError } from '@mosaic/api';
import { formatError } from './format-error.js';

describe('formatError', () => {
  const rpc = Object.assign(new Error('no such method'), { name: 'RpcError', code: 'UNIMPLEMENTED' });
  const enoent = Object.assign(new Error("ENOENT: no such file or directory, open 'x'"), { code: 'ENOENT' });
  const cases = [
    { name: 'domain error shows its code', err: new ConflictError('resourceVersion 3 is stale'), want: 'error: ABORTED: resourceVersion 3 is stale' },
    { name: 'not found', err: new NotFoundError('workload shop/x not found'), want: 'error: NOT_FOUND: workload shop/x not found' },
    { name: 'other status names', err: rpc, want: 'error: UNIMPLEMENTED: no such method' },
    { name: 'node errors keep their own message', err: enoent, want: "error: ENOENT: no such file or directory, open 'x'" },
    { name: 'non-errors', err: 'boom', want: 'error: boom' },
  ];
  for (const tc of cases) it(tc.name, () => assert.equal(formatError(tc.err), tc.want));
});
