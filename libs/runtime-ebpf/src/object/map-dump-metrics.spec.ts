import { strict as assert } from 'node:assert';
import { bytesToNumber, mapDumpFamilies } from './map-dump-metrics.js';

describe('mapDumpFamilies (bpftool map dump -j)', () => {
  it('a hash keyed by a struct, with BTF: labels from fields, _total is a counter', () => {
    const entries = [
      { key: ['0x63'], value: ['0x02'], formatted: { key: { comm: 'cat' }, value: 2 } },
      { key: ['0x6c'], value: ['0x25'], formatted: { key: { comm: 'ls' }, value: 37 } },
    ];
    assert.deepEqual(mapDumpFamilies({ name: 'opens_total', type: 'hash', maxEntries: 4096 }, entries), [{
      name: 'mosaic_probe_opens_total', help: 'hash map opens_total', type: 'counter',
      samples: [{ labels: { comm: 'cat' }, value: 2 }, { labels: { comm: 'ls' }, value: 37 }],
    }]);
  });

  it('a one-entry per-CPU array: summed over CPUs, no labels', () => {
    const entries = [{ key: ['0x00', '0x00', '0x00', '0x00'], formatted: { key: 0, values: [{ cpu: 0, value: 3 }, { cpu: 1, value: 4 }] } }];
    assert.deepEqual(mapDumpFamilies({ name: 'packets_total', type: 'percpu_array', maxEntries: 1 }, entries), [{
      name: 'mosaic_probe_packets_total', help: 'percpu_array map packets_total (summed over CPUs)', type: 'counter',
      samples: [{ labels: {}, value: 7 }],
    }]);
  });

  it('struct values give one gauge per numeric field', () => {
    const entries = [{ formatted: { key: 7, value: { bytes: 10, calls: 2, name: 'x' } } }];
    const families = mapDumpFamilies({ name: 'io', type: 'hash', maxEntries: 10 }, entries);
    assert.deepEqual(families.map((f) => [f.name, f.type, f.samples]), [
      ['mosaic_probe_io_bytes', 'gauge', [{ labels: { key: '7' }, value: 10 }]],
      ['mosaic_probe_io_calls', 'gauge', [{ labels: { key: '7' }, value: 2 }]],
    ]);
  });

  it('without BTF: raw little-endian bytes', () => {
    const entries = [{ key: ['0x2a', '0x00', '0x00', '0x00'], value: ['0x01', '0x01', '0x00', '0x00', '0x00', '0x00', '0x00', '0x00'] }];
    assert.deepEqual(mapDumpFamilies({ name: 'by_pid', type: 'hash', maxEntries: 10 }, entries)[0]!.samples, [{ labels: { key: '42' }, value: 257 }]);
  });

  it('an empty map is still announced', () => {
    assert.deepEqual(mapDumpFamilies({ name: 'x_total', type: 'hash', maxEntries: 10 }, []), [{ name: 'mosaic_probe_x_total', help: 'hash map x_total', type: 'counter', samples: [] }]);
  });

  const bytes: { in: unknown; want: number | undefined }[] = [
    { in: ['0x01', '0x02'], want: 0x0201 },
    { in: [], want: undefined },
    { in: new Array(9).fill('0x00'), want: undefined },
    { in: ['zz'], want: undefined },
  ];
  for (const tc of bytes) it(`bytesToNumber ${JSON.stringify(tc.in)}`, () => assert.equal(bytesToNumber(tc.in), tc.want));
});
