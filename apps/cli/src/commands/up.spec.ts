import assert from 'node:assert/strict';
import { upAllowsBpf } from './up.js';

describe('mosaic up --allow-bpf', () => {
  const cases = [
    { name: 'as root by default', flag: undefined, uid: 0, want: true },
    { name: 'not as another user by default', flag: undefined, uid: 1000, want: false },
    { name: '--allow-bpf whoever runs it (the driver still checks privileges)', flag: true, uid: 1000, want: true },
    { name: '--no-allow-bpf even as root', flag: false, uid: 0, want: false },
    { name: 'not where there are no uids', flag: undefined, uid: undefined, want: false },
  ];
  for (const tc of cases) it(tc.name, () => assert.equal(upAllowsBpf(tc.flag, tc.uid), tc.want));
});
