import { strict as assert } from 'node:assert';
import { renderPrometheus } from '@mosaic/runtime';
import { BpftraceMetrics, entryLabels, toPrometheusBuckets } from './bpftrace-metrics.js';
import { parseBpftraceLine } from './bpftrace-output.js';
import { ATTACHED_MARKER } from './instrument-script.js';
import { scanScript } from './script-scan.js';

describe('toPrometheusBuckets', () => {
  const cases = [
    { name: 'hist', in: [{ min: 2, max: 3, count: 4 }, { min: 0, max: 0, count: 1 }, { min: 1, max: 1, count: 2 }], want: { buckets: [{ le: 0, count: 1 }, { le: 1, count: 3 }, { le: 3, count: 7 }, { le: Infinity, count: 7 }], count: 7 } },
    { name: 'lhist with under- and overflow', in: [{ max: -1, count: 5 }, { min: 0, max: 9, count: 0 }, { min: 50, count: 4 }], want: { buckets: [{ le: -1, count: 5 }, { le: 9, count: 5 }, { le: Infinity, count: 9 }], count: 9 } },
    { name: 'empty', in: [], want: { buckets: [{ le: Infinity, count: 0 }], count: 0 } },
  ];
  for (const tc of cases) it(tc.name, () => assert.deepEqual(toPrometheusBuckets(tc.in), tc.want));
});

describe('entryLabels', () => {
  const cases: { key: string | undefined; names: string[] | undefined; want: Record<string, string> }[] = [
    { key: undefined, names: ['comm'], want: {} },
    { key: 'cat', names: ['comm'], want: { comm: 'cat' } },
    { key: 'a,b', names: ['comm'], want: { comm: 'a,b' } },
    { key: 'cat,42', names: ['comm', 'pid'], want: { comm: 'cat', pid: '42' } },
    { key: 'a,b,42', names: ['comm', 'pid'], want: { key: 'a,b,42' } },
    { key: 'x', names: undefined, want: { key: 'x' } },
  ];
  for (const tc of cases) it(`${String(tc.key)} with ${String(tc.names)}`, () => assert.deepEqual(entryLabels(tc.key, tc.names), tc.want));
});

describe('BpftraceMetrics', () => {
  const script = [
    'tracepoint:a:b { @opens[comm] = count(); @lat[comm, pid] = hist(1); @st = stats(1); @cur = 3; @a = avg(2); @t[pid] = (1, "x"); }',
  ].join('\n');
  const output = [
    '{"type": "attached_probes", "data": {"probes": 3}}',
    `{"type": "printf", "data": "${ATTACHED_MARKER}\\n"}`,
    '{"type": "printf", "data": "one\\n"}',
    '{"type": "lost_events", "data": {"events": 4}}',
    '{"type": "map", "data": {"@opens": {"cat": 3}}}',
    '{"type": "map", "data": {"@opens": {"cat": 5, "ls": 1}}}',
    '{"type": "hist", "data": {"@lat": {"cat,42": [{"min": 1, "max": 1, "count": 2}, {"min": 2, "max": 3, "count": 1}]}}}',
    '{"type": "stats", "data": {"@st": {"count": 2, "average": 7, "total": 14}}}',
    '{"type": "map", "data": {"@cur": -3}}',
    '{"type": "stats", "data": {"@a": 2}}',
    '{"type": "map", "data": {"@t": {"42": [1, "x"]}}}',
    'WARNING: something on stderr',
  ];

  it('keeps the latest print of each map and counts events', () => {
    const m = new BpftraceMetrics(scanScript(script).maps);
    let events = 0;
    for (const line of output) events += m.apply(parseBpftraceLine(line));
    assert.equal(m.attached, true);
    assert.equal(events, 5); // one printf (the marker does not count) + 4 lost
    const text = renderPrometheus(m.families());
    assert.equal(text, [
      '# HELP mosaic_probe_opens_total bpftrace map @opens (count())',
      '# TYPE mosaic_probe_opens_total counter',
      'mosaic_probe_opens_total{comm="cat"} 5',
      'mosaic_probe_opens_total{comm="ls"} 1',
      '# HELP mosaic_probe_lat bpftrace map @lat (hist())',
      '# TYPE mosaic_probe_lat histogram',
      'mosaic_probe_lat_bucket{comm="cat",pid="42",le="1"} 2',
      'mosaic_probe_lat_bucket{comm="cat",pid="42",le="3"} 3',
      'mosaic_probe_lat_bucket{comm="cat",pid="42",le="+Inf"} 3',
      'mosaic_probe_lat_count{comm="cat",pid="42"} 3',
      '# HELP mosaic_probe_st bpftrace map @st (stats())',
      '# TYPE mosaic_probe_st summary',
      'mosaic_probe_st_sum 14',
      'mosaic_probe_st_count 2',
      '# HELP mosaic_probe_cur bpftrace map @cur',
      '# TYPE mosaic_probe_cur gauge',
      'mosaic_probe_cur -3',
      '# HELP mosaic_probe_a bpftrace map @a (avg())',
      '# TYPE mosaic_probe_a gauge',
      'mosaic_probe_a 2',
      '# HELP mosaic_probe_t bpftrace map @t',
      '# TYPE mosaic_probe_t gauge',
      '# HELP mosaic_ebpf_output_events_total printf events the probe emitted',
      '# TYPE mosaic_ebpf_output_events_total counter',
      'mosaic_ebpf_output_events_total 1',
      '# HELP mosaic_ebpf_lost_events_total events the kernel dropped before bpftrace read them',
      '# TYPE mosaic_ebpf_lost_events_total counter',
      'mosaic_ebpf_lost_events_total 4',
    ].join('\n') + '\n');
  });

  it('exports maps the script scan missed, with a generic key label', () => {
    const m = new BpftraceMetrics([]);
    m.apply(parseBpftraceLine('{"type": "map", "data": {"@x": {"k": 1}}}'));
    assert.deepEqual(m.families()[0], { name: 'mosaic_probe_x', help: 'bpftrace map @x', type: 'gauge', samples: [{ labels: { key: 'k' }, value: 1 }] });
  });
});
