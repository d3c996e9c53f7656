import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { describeStatus, makeContext, makeNode, makeSpec, nodeInfo, runFilter } from '../../test/fixtures.js';
import { nodeSelectorPlugin } from './node-selector-plugin.js';

describe('NodeSelector filter', () => {
  const MISMATCH = 'UnschedulableAndUnresolvable: did not match nodeSelector';
  const cases: { name: string; selector: Record<string, string> | undefined; labels: Record<string, string>; want: string }[] = [
    { name: 'no selector: skipped', selector: undefined, labels: {}, want: 'Skip' },
    { name: 'empty selector: skipped', selector: {}, labels: {}, want: 'Skip' },
    { name: 'one label matches', selector: { disk: 'ssd' }, labels: { disk: 'ssd', zone: 'a' }, want: 'Success' },
    { name: 'value differs', selector: { disk: 'ssd' }, labels: { disk: 'hdd' }, want: MISMATCH },
    { name: 'label missing', selector: { disk: 'ssd' }, labels: { zone: 'a' }, want: MISMATCH },
    { name: 'all of several match', selector: { disk: 'ssd', zone: 'a' }, labels: { disk: 'ssd', zone: 'a' }, want: 'Success' },
    { name: 'one of several differs', selector: { disk: 'ssd', zone: 'a' }, labels: { disk: 'ssd', zone: 'b' }, want: MISMATCH },
    { name: 'empty value must be present', selector: { canary: '' }, labels: {}, want: MISMATCH },
    { name: 'empty value matches', selector: { canary: '' }, labels: { canary: '' }, want: 'Success' },
    { name: 'prefixed key', selector: { 'mosaic.dev/pool': 'gpu' }, labels: { 'mosaic.dev/pool': 'gpu' }, want: 'Success' },
    { name: 'prototype keys are not labels', selector: { constructor: 'x' }, labels: {}, want: MISMATCH },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const spec = makeSpec({ placement: { nodeSelector: tc.selector } });
      assert.equal(describeStatus(runFilter(nodeSelectorPlugin, makeContext(spec), nodeInfo(makeNode('n', { labels: tc.labels })))), tc.want);
    });
  }
});
