import assert from 'node:assert/strict';
import { canLoadBpfOf, withoutEbpfUnlessLoadable } from './node-facts.js';

describe('canLoadBpfOf', () => {
  const cases = [
    { name: 'the ebpf driver says it can', runtimes: [{ name: 'ebpf', available: true, details: { canLoadBpf: 'true' } }], want: true },
    { name: 'the ebpf driver says it cannot (not allowed, no bpffs, …)', runtimes: [{ name: 'ebpf', available: false, reason: 'BpfNotAllowed', details: { canLoadBpf: 'false' } }], want: false },
    { name: 'no details', runtimes: [{ name: 'ebpf', available: true }], want: false },
    { name: 'no ebpf driver', runtimes: [{ name: 'service', available: true, details: { canLoadBpf: 'true' } }], want: false },
  ];
  for (const tc of cases) it(tc.name, () => assert.equal(canLoadBpfOf(tc.runtimes), tc.want));
});

describe('withoutEbpfUnlessLoadable', () => {
  const ebpf = { name: 'ebpf', available: true, reason: 'ObjectLoaderMissing' };
  const service = { name: 'service', available: true };
  it('keeps ebpf when the node can load BPF', () => assert.deepEqual(withoutEbpfUnlessLoadable([ebpf, service], true), [ebpf, service]));
  it('marks ebpf unavailable otherwise, and nothing else', () => {
    const [e, s] = withoutEbpfUnlessLoadable([ebpf, service], false);
    assert.equal(e!.available, false);
    assert.equal(e!.reason, 'BpfNotLoadable');
    assert.deepEqual(s, service);
  });
});
