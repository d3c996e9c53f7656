import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { EMPTY_SELECTOR, selectorFromLabels } from './label-selector.js';
import { matchesLabels } from './matches-labels.js';
import { parseLabelSelector } from './parse-label-selector.js';

describe('matchesLabels', () => {
  const web = { app: 'web', tier: 'frontend', canary: '' };
  const cases: { selector: string; labels: Record<string, string> | undefined; want: boolean }[] = [
    { selector: '', labels: undefined, want: true },
    { selector: '', labels: web, want: true },
    { selector: 'app=web', labels: web, want: true },
    { selector: 'app==web', labels: web, want: true },
    { selector: 'app=api', labels: web, want: false },
    { selector: 'app=web', labels: undefined, want: false },
    { selector: 'app=web', labels: {}, want: false },
    { selector: 'app!=api', labels: web, want: true },
    { selector: 'app!=web', labels: web, want: false },
    { selector: 'missing!=x', labels: web, want: true },
    { selector: 'missing!=x', labels: undefined, want: true },
    { selector: 'tier in (frontend,backend)', labels: web, want: true },
    { selector: 'tier in (backend)', labels: web, want: false },
    { selector: 'missing in (x)', labels: web, want: false },
    { selector: 'tier notin (frontend)', labels: web, want: false },
    { selector: 'tier notin (backend,db)', labels: web, want: true },
    { selector: 'missing notin (x)', labels: web, want: true },
    { selector: 'canary', labels: web, want: true },
    { selector: 'app', labels: web, want: true },
    { selector: 'missing', labels: web, want: false },
    { selector: '!canary', labels: web, want: false },
    { selector: '!missing', labels: web, want: true },
    { selector: '!missing', labels: undefined, want: true },
    { selector: 'canary=', labels: web, want: true },
    { selector: 'canary!=', labels: web, want: false },
    { selector: 'missing=', labels: web, want: false },
    { selector: 'app=web,tier=frontend', labels: web, want: true },
    { selector: 'app=web,tier=backend', labels: web, want: false },
    { selector: 'app=web,tier in (frontend),canary,!stable', labels: web, want: true },
    { selector: 'app!=x,app!=y', labels: web, want: true },
    { selector: 'app!=x,app!=web', labels: web, want: false },
    { selector: 'constructor', labels: {}, want: false },
    { selector: '!toString', labels: {}, want: true },
    { selector: 'hasOwnProperty!=x', labels: {}, want: true },
  ];
  for (const tc of cases) {
    it(`"${tc.selector}" against ${JSON.stringify(tc.labels)} is ${tc.want}`, () => {
      assert.equal(matchesLabels(parseLabelSelector(tc.selector), tc.labels), tc.want);
    });
  }

  it('EMPTY_SELECTOR (no requirements) matches any labels', () => {
    assert.equal(matchesLabels(EMPTY_SELECTOR, undefined), true);
    assert.equal(matchesLabels(EMPTY_SELECTOR, web), true);
  });
});

describe('selectorFromLabels', () => {
  const cases: { name: string; map: Record<string, string>; labels: Record<string, string>; want: boolean }[] = [
    { name: 'empty map matches anything', map: {}, labels: { a: 'b' }, want: true },
    { name: 'subset matches', map: { zone: 'a' }, labels: { zone: 'a', arch: 'amd64' }, want: true },
    { name: 'all keys must match', map: { zone: 'a', arch: 'arm64' }, labels: { zone: 'a', arch: 'amd64' }, want: false },
    { name: 'missing key does not match', map: { gpu: 'true' }, labels: { zone: 'a' }, want: false },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      assert.equal(matchesLabels(selectorFromLabels(tc.map), tc.labels), tc.want);
    });
  }

  it('sorts keys into Equals requirements', () => {
    assert.deepEqual(selectorFromLabels({ b: '2', a: '1' }).requirements, [
      { key: 'a', operator: 'Equals', value: '1' },
      { key: 'b', operator: 'Equals', value: '2' },
    ]);
  });
});
