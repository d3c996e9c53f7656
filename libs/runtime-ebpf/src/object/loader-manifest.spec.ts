import { strict as assert } from 'node:assert';
import { loaderFailureReason, parseLoaderManifest, summarizeLoaderError } from './loader-manifest.js';

describe('loader output', () => {
  const codes: [number | null, string][] = [[3, 'VerificationFailed'], [5, 'VerificationFailed'], [4, 'MapLimitExceeded'], [6, 'AttachFailed'], [7, 'AttachFailed'], [2, 'StartError'], [null, 'StartError']];
  for (const [code, reason] of codes) it(`exit ${String(code)} → ${reason}`, () => assert.equal(loaderFailureReason(code), reason));

  it('parses the manifest line', () => {
    const m = parseLoaderManifest('{"programs":[{"name":"p","id":1,"type":"xdp"}],"maps":[],"links":[]}\n');
    assert.equal(m?.programs[0]?.id, 1);
    assert.equal(parseLoaderManifest('nope'), undefined);
  });

  it('keeps the loader message and the verifier lines that matter', () => {
    const stderr = [
      'libbpf: prog \'unchecked\': BPF program load failed: Permission denied',
      '-- BEGIN PROG LOAD LOG --',
      '0: R1=ctx() R10=fp0',
      '5: (79) r1 = *(u64 *)(r0 +0)',
      'R0 invalid mem access \'map_value_or_null\'',
      'processed 7 insns (limit 1000000) max_states_per_insn 0',
      '-- END PROG LOAD LOG --',
      'mosaic-bpf-loader: the kernel rejected unchecked from x.o: Permission denied (the verifier log is above)',
    ].join('\n');
    assert.equal(summarizeLoaderError(stderr),
      'the kernel rejected unchecked from x.o: Permission denied (the verifier log is above); verifier: 0: R1=ctx() R10=fp0 | 5: (79) r1 = *(u64 *)(r0 +0) | R0 invalid mem access \'map_value_or_null\'');
  });
});
