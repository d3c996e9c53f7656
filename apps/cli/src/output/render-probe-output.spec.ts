import assert from 'node:assert/strict';
import type { ProbeOutput } from '@mosaic/sdk';
import { renderProbeOutput } from './render-probe-output.js';

describe('renderProbeOutput', () => {
  const outputs: ProbeOutput[] = [
    {
      instance: 'opens-1-a',
      node: 'n1',
      samples: [
        { name: 'mosaic_probe_opens_total', labels: { comm: 'cat', namespace: 'obs', workload: 'opens', instance: 'opens-1-a', node: 'n1' }, value: 12, type: 'counter' },
        { name: 'mosaic_probe_lat_bucket', labels: { le: '+Inf', node: 'n1' }, value: Infinity, type: 'histogram' },
      ],
    },
    { instance: 'opens-1-b', node: 'n2', samples: [] },
    { instance: 'opens-1-c', node: 'n3', samples: [], error: 'no agent is connected for node n3' },
  ];

  it('prints one row per value, identity labels as columns, other labels with the metric', () => {
    assert.equal(renderProbeOutput(outputs, 'table'), [
      'NODE   INSTANCE    METRIC                                 VALUE',
      'n1     opens-1-a   mosaic_probe_opens_total{comm="cat"}   12',
      'n1     opens-1-a   mosaic_probe_lat_bucket{le="+Inf"}     +Inf',
      'n2     opens-1-b   <no values yet>',
      'n3     opens-1-c   <unavailable>                          no agent is connected for node n3',
      '',
    ].join('\n'));
  });

  it('prints JSON as the SDK returns it (non-finite numbers as strings)', () => {
    const parsed = JSON.parse(renderProbeOutput(outputs, 'json')) as { samples: { value: unknown }[] }[];
    assert.equal(parsed.length, 3);
    assert.equal(parsed[0]!.samples[1]!.value, 'Infinity');
  });
});
