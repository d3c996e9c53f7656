import { isMosaicError } from '@mosaic/api';
import assert from 'node:assert/strict';
import { mapArch, nodeNameFromHostname, parseCpuCapacity, parseLabels, parseMemoryCapacity, tracefsMounted } from './node-facts-parsing.js';

describe('mapArch', () => {
  const cases: { arch: string; endianness?: 'BE' | 'LE'; want: string }[] = [
    { arch: 'x64', want: 'amd64' },
    { arch: 'arm64', want: 'arm64' },
    { arch: 'arm', want: 'arm' },
    { arch: 'ia32', want: '386' },
    { arch: 'ppc64', want: 'ppc64le' },
    { arch: 'ppc64', endianness: 'BE', want: 'ppc64' },
    { arch: 's390x', want: 's390x' },
    { arch: 'riscv64', want: 'riscv64' },
    { arch: 'mipsel', want: 'mipsle' },
    { arch: 'wasm32', want: 'wasm32' },
  ];
  for (const tc of cases) it(`${tc.arch}${tc.endianness ? ` (${tc.endianness})` : ''} → ${tc.want}`, () => assert.equal(mapArch(tc.arch, tc.endianness), tc.want));
});

describe('tracefsMounted', () => {
  const cases = [
    { name: 'mounted', mounts: 'proc /proc proc rw 0 0\ntracefs /sys/kernel/tracing tracefs rw,nosuid 0 0\n', want: true },
    { name: 'only debugfs', mounts: 'debugfs /sys/kernel/debug debugfs rw 0 0\n', want: false },
    { name: '"tracefs" only as a path', mounts: 'none /mnt/tracefs ext4 rw 0 0\n', want: false },
    { name: 'empty', mounts: '', want: false },
  ];
  for (const tc of cases) it(tc.name, () => assert.equal(tracefsMounted(tc.mounts), tc.want));
});

describe('nodeNameFromHostname', () => {
  const cases = [
    { host: 'worker-1', want: 'worker-1' },
    { host: 'Build.Example.COM', want: 'build' },
    { host: 'my_laptop', want: 'my-laptop' },
    { host: '-weird-', want: 'weird' },
    { host: 'x'.repeat(80), want: 'x'.repeat(63) },
    { host: '___', want: 'node' },
  ];
  for (const tc of cases) it(`${tc.host} → ${tc.want}`, () => assert.equal(nodeNameFromHostname(tc.host), tc.want));
});

describe('parseLabels', () => {
  const ok = [
    { text: '', want: {} },
    { text: 'zone=a', want: { zone: 'a' } },
    { text: ' zone=a , env=dev,', want: { zone: 'a', env: 'dev' } },
    { text: 'mosaic.dev/gpu=true,empty=', want: { 'mosaic.dev/gpu': 'true', empty: '' } },
  ];
  for (const tc of ok) it(`accepts "${tc.text}"`, () => assert.deepEqual(parseLabels(tc.text), tc.want));
  const bad = [
    { text: 'zone', why: /not key=value/ },
    { text: 'bad key=a', why: /not a valid label key/ },
    { text: 'zone=a b', why: /not a valid label value/ },
    { text: 'zone=a,zone=b', why: /given twice/ },
  ];
  for (const tc of bad) {
    it(`rejects "${tc.text}"`, () => assert.throws(() => parseLabels(tc.text), (err) => isMosaicError(err) && err.code === 'INVALID_ARGUMENT' && tc.why.test(err.message)));
  }
});

describe('capacity quantities', () => {
  const cpu = [
    { text: '4', want: 4000 },
    { text: '3500m', want: 3500 },
    { text: '0.5', want: 500 },
  ];
  for (const tc of cpu) it(`cpu ${tc.text} → ${tc.want}`, () => assert.equal(parseCpuCapacity(tc.text), tc.want));
  const memory = [
    { text: '8Gi', want: 8 * 2 ** 30 },
    { text: '512Mi', want: 512 * 2 ** 20 },
    { text: '1000000000', want: 1e9 },
  ];
  for (const tc of memory) it(`memory ${tc.text} → ${tc.want}`, () => assert.equal(parseMemoryCapacity(tc.text), tc.want));
  for (const text of ['0', 'lots', '-1', '']) {
    it(`rejects cpu "${text}" and memory "${text}"`, () => {
      assert.throws(() => parseCpuCapacity(text), /--capacity-cpu/);
      assert.throws(() => parseMemoryCapacity(text), /--capacity-memory/);
    });
  }
});
