import assert from 'node:assert/strict';
import { parsePrometheusText } from './prometheus-text.js';

describe('parsePrometheusText', () => {
  it('reads samples with their labels, values and family types', () => {
    const text = [
      '# HELP mosaic_probe_opens_total bpftrace map @opens (count())',
      '# TYPE mosaic_probe_opens_total counter',
      'mosaic_probe_opens_total{comm="cat",instance="o-1"} 12',
      '# TYPE mosaic_probe_lat histogram',
      'mosaic_probe_lat_bucket{le="+Inf"} 3',
      'mosaic_probe_lat_count 3',
      'mosaic_ebpf_attached_programs 1',
      '',
    ].join('\n');
    assert.deepEqual(parsePrometheusText(text), [
      { name: 'mosaic_probe_opens_total', labels: { comm: 'cat', instance: 'o-1' }, value: 12, type: 'counter' },
      { name: 'mosaic_probe_lat_bucket', labels: { le: '+Inf' }, value: 3, type: 'histogram' },
      { name: 'mosaic_probe_lat_count', labels: {}, value: 3, type: 'histogram' },
      { name: 'mosaic_ebpf_attached_programs', labels: {}, value: 1, type: 'untyped' },
    ]);
  });

  const values = [
    { text: 'x +Inf', want: Infinity },
    { text: 'x -Inf', want: -Infinity },
    { text: 'x 1.5e3', want: 1500 },
    { text: 'x 7 1700000000000', want: 7 },
  ];
  for (const tc of values) it(`value of "${tc.text}"`, () => assert.equal(parsePrometheusText(tc.text)[0]?.value, tc.want));

  it('unescapes label values and skips comments and malformed lines', () => {
    const got = parsePrometheusText('# mosaic-error: agent gone\nnot a sample line at all\nx{path="a\\"b\\\\c\\nd"} 1\n');
    assert.deepEqual(got, [{ name: 'x', labels: { path: 'a"b\\c\nd' }, value: 1, type: 'untyped' }]);
  });
});
