import { strict as assert } from 'node:assert';
import type { MetricFamily } from './metric-family.js';
import { renderPrometheus, withLabels } from './render-prometheus.js';

describe('renderPrometheus', () => {
  const cases: { name: string; families: MetricFamily[]; labels?: Record<string, string>; want: string }[] = [
    { name: 'nothing', families: [], want: '' },
    {
      name: 'a counter with labels, escaped',
      families: [{ name: 'mosaic_probe_opens_total', help: 'opens per comm', type: 'counter', samples: [
        { labels: { comm: 'cat' }, value: 3 },
        { labels: { comm: 'a"b\\c\nd' }, value: 1 },
      ] }],
      want: [
        '# HELP mosaic_probe_opens_total opens per comm',
        '# TYPE mosaic_probe_opens_total counter',
        'mosaic_probe_opens_total{comm="cat"} 3',
        'mosaic_probe_opens_total{comm="a\\"b\\\\c\\nd"} 1',
      ].join('\n') + '\n',
    },
    {
      name: 'a gauge without labels; base labels added, own labels win',
      families: [{ name: 'g', help: 'line\nbreak', type: 'gauge', samples: [{ labels: {}, value: -2.5 }, { labels: { node: 'own' }, value: NaN }] }],
      labels: { node: 'n1', instance: 'i' },
      want: '# HELP g line\\nbreak\n# TYPE g gauge\ng{node="n1",instance="i"} -2.5\ng{node="own",instance="i"} NaN\n',
    },
    {
      name: 'a histogram gets +Inf and _count; _sum only when known',
      families: [{ name: 'h', help: 'latency', type: 'histogram', samples: [
        { labels: { comm: 'x' }, buckets: [{ le: 1, count: 2 }, { le: 3, count: 5 }], count: 7 },
        { labels: {}, buckets: [{ le: 0, count: 1 }, { le: Infinity, count: 4 }], count: 4, sum: 10 },
      ] }],
      want: [
        '# HELP h latency', '# TYPE h histogram',
        'h_bucket{comm="x",le="1"} 2', 'h_bucket{comm="x",le="3"} 5', 'h_bucket{comm="x",le="+Inf"} 7', 'h_count{comm="x"} 7',
        'h_bucket{le="0"} 1', 'h_bucket{le="+Inf"} 4', 'h_sum 10', 'h_count 4',
      ].join('\n') + '\n',
    },
    {
      name: 'a summary is _sum and _count',
      families: [{ name: 's', help: 'stats', type: 'summary', samples: [{ labels: { k: 'v' }, count: 2, sum: 9 }] }],
      want: '# HELP s stats\n# TYPE s summary\ns_sum{k="v"} 9\ns_count{k="v"} 2\n',
    },
    {
      name: 'families sharing a name are merged (first HELP wins); another type under that name is dropped',
      families: [
        ...withLabels([{ name: 'c_total', help: 'first', type: 'counter', samples: [{ labels: {}, value: 1 }] }], { instance: 'a' }),
        ...withLabels([{ name: 'c_total', help: 'second', type: 'counter', samples: [{ labels: { instance: 'own' }, value: 2 }] }], { instance: 'b' }),
        { name: 'c_total', help: 'third', type: 'gauge', samples: [{ labels: {}, value: 3 }] },
      ],
      want: '# HELP c_total first\n# TYPE c_total counter\nc_total{instance="a"} 1\nc_total{instance="own"} 2\n',
    },
  ];
  for (const tc of cases) {
    it(tc.name, () => assert.equal(renderPrometheus(tc.families, tc.labels ? { labels: tc.labels } : {}), tc.want));
  }
});
