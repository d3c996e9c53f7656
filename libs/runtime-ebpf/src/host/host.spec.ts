import { strict as assert } from 'node:assert';
import { availabilityOf, dryRunArgsFromHelp, type BpfHostFacts } from './bpf-host.js';
import { canLoadBpfWith, parseCapEff } from './capabilities.js';
import { unmetRequirement } from './check-requirements.js';

describe('capabilities', () => {
  const full = parseCapEff('Name:\tnode\nCapEff:\t000001fffeffffff\n');
  const bpfPerfmon = (1n << 39n) | (1n << 38n);
  const cases: { name: string; uid: number | undefined; cap: bigint | undefined; want: boolean }[] = [
    { name: 'root with every capability', uid: 0, cap: full, want: true },
    { name: 'a user with CAP_BPF and CAP_PERFMON', uid: 1000, cap: bpfPerfmon, want: true },
    { name: 'a user with CAP_BPF only', uid: 1000, cap: 1n << 39n, want: false },
    { name: 'a user with CAP_SYS_ADMIN', uid: 1000, cap: 1n << 21n, want: true },
    { name: 'root that dropped everything', uid: 0, cap: 0n, want: false },
    { name: 'root, capabilities unknown', uid: 0, cap: undefined, want: true },
    { name: 'a user, capabilities unknown', uid: 1000, cap: undefined, want: false },
  ];
  for (const tc of cases) it(tc.name, () => assert.equal(canLoadBpfWith(tc.uid, tc.cap), tc.want));
});

describe('dryRunArgsFromHelp', () => {
  it('prefers --dry-run, then 0.17\'s -d, else none', () => {
    assert.deepEqual(dryRunArgsFromHelp('    --dry-run      terminate execution right after attaching all the probes\n    -d STAGE'), ['--dry-run']);
    assert.deepEqual(dryRunArgsFromHelp('    -d                      (dry run) debug info\n'), ['-d']);
    assert.deepEqual(dryRunArgsFromHelp('usage: bpftrace'), []);
  });
});

describe('availabilityOf', () => {
  const ok: BpfHostFacts = {
    kernelRelease: '6.1.0-18-amd64', btf: true, privileged: true, tracefs: true, bpffs: true,
    bpftrace: { path: '/usr/bin/bpftrace', version: '0.17.0', dryRunArgs: ['-d'] },
    bpftool: { path: '/usr/sbin/bpftool', version: '7.1.0' },
    loader: '/x/mosaic-bpf-loader',
  };
  const paths = { bpffsRoot: '/sys/fs/bpf', tracefsRoot: '/sys/kernel/tracing' };
  const cases: { name: string; facts: Partial<BpfHostFacts>; allow: boolean; available: boolean; reason?: string }[] = [
    { name: 'everything in place', facts: {}, allow: true, available: true },
    { name: 'not allowed by the agent', facts: {}, allow: false, available: false, reason: 'BpfNotAllowed' },
    { name: 'not privileged', facts: { privileged: false }, allow: true, available: false, reason: 'InsufficientPrivileges' },
    { name: 'no tracefs', facts: { tracefs: false }, allow: true, available: false, reason: 'TracefsNotMounted' },
    { name: 'no bpffs', facts: { bpffs: false }, allow: true, available: false, reason: 'BpffsNotMounted' },
    { name: 'no bpftrace', facts: { bpftrace: undefined }, allow: true, available: false, reason: 'BpftraceNotFound' },
    { name: 'no bpftool', facts: { bpftool: undefined }, allow: true, available: false, reason: 'BpftoolNotFound' },
    { name: 'no loader: degraded', facts: { loader: undefined }, allow: true, available: true, reason: 'ObjectLoaderMissing' },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const a = availabilityOf({ ...ok, ...tc.facts }, tc.allow, paths);
      assert.equal(a.available, tc.available);
      assert.equal(a.reason, tc.reason);
      assert.equal(a.details?.['kernel'], '6.1.0-18-amd64');
      assert.equal(a.details?.['btf'], 'true');
    });
  }
});

describe('unmetRequirement', () => {
  const cases: { name: string; requires: { kernel?: string; btf?: boolean } | undefined; release: string; btf: boolean; want: RegExp | undefined }[] = [
    { name: 'no requirements', requires: undefined, release: '5.4.0', btf: false, want: undefined },
    { name: 'kernel in range', requires: { kernel: '>=5.8' }, release: '6.1.0-18-amd64', btf: true, want: undefined },
    { name: 'kernel too old', requires: { kernel: '>=5.8' }, release: '5.4.0-1103-aws', btf: true, want: /kernel 5\.4\.0 .* not in requires\.kernel ">=5\.8"/ },
    { name: 'kernel too new', requires: { kernel: '<6' }, release: '6.8.0-45-generic', btf: true, want: /not in requires\.kernel/ },
    { name: 'btf missing', requires: { btf: true }, release: '6.1.0', btf: false, want: /no BTF/ },
    { name: 'unreadable release', requires: { kernel: '>=5' }, release: 'weird', btf: true, want: /cannot read a version/ },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const got = unmetRequirement(tc.requires, { kernelRelease: tc.release, btf: tc.btf });
      if (tc.want === undefined) assert.equal(got, undefined);
      else assert.match(got ?? '', tc.want);
    });
  }
});
