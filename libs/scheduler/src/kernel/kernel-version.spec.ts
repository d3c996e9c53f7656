import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { formatVersionKey, parseKernelVersion, versionKey } from './kernel-version.js';

describe('parseKernelVersion', () => {
  const cases: { release: string; want: string | undefined }[] = [
    { release: '6.1.0-18-amd64', want: '6.1.0' },
    { release: '5.15.0-91-generic', want: '5.15.0' },
    { release: '5.4.0-1103-aws', want: '5.4.0' },
    { release: '6.6.30+rpt-rpi-v8', want: '6.6.30' },
    { release: '6.9.0-rc1', want: '6.9.0' },
    { release: '4.19.304', want: '4.19.304' },
    { release: '6.8', want: '6.8.0' },
    { release: '6', want: '6.0.0' },
    { release: 'v5.10.1', want: '5.10.1' },
    { release: ' 5.10.1 ', want: '5.10.1' },
    { release: '6.1.0.2', want: '6.1.0' },
    { release: '3.10.0-1160.el7.x86_64', want: '3.10.0' },
    { release: '', want: undefined },
    { release: 'unknown', want: undefined },
    { release: '-6.1', want: undefined },
    { release: '123456.1', want: undefined },
  ];
  for (const tc of cases) {
    it(`"${tc.release}" → ${tc.want ?? 'undefined'}`, () => {
      const key = parseKernelVersion(tc.release);
      assert.equal(key === undefined ? undefined : formatVersionKey(key), tc.want);
    });
  }

  it('keys order like versions', () => {
    const ordered = ['4.19.304', '5.4.0', '5.8.0', '5.10.0', '5.15.99999', '6.0.0', '6.1.0', '6.10.0', '10.0.0'];
    const keys = ordered.map((v) => parseKernelVersion(v) ?? -1);
    assert.deepEqual([...keys].sort((a, b) => a - b), keys);
    assert.equal(versionKey(5, 10, 0) > versionKey(5, 9, 99999), true);
  });
});
