import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { parseKernelVersion } from './kernel-version.js';
import { parseVersionRange, versionInRange } from './version-range.js';

describe('kernel version ranges', () => {
  // range, kernel release, satisfied?
  const cases: [string, string, boolean][] = [
    ['>=5.8', '5.8.0', true],
    ['>=5.8', '5.7.19', false],
    ['>=5.8', '6.1.0-18-amd64', true],
    ['>=5.8', '5.10.0-28-amd64', true],
    ['>= 5.8', '5.8.1', true],
    ['>=5', '5.0.0', true],
    ['>=5', '4.19.304', false],
    ['>5.8', '5.8.0', false],
    ['>5.8', '5.8.19', false],
    ['>5.8', '5.9.0', true],
    ['>5.8.3', '5.8.3', false],
    ['>5.8.3', '5.8.4', true],
    ['>5', '5.99.0', false],
    ['>5', '6.0.0', true],
    ['<6.2', '6.1.99', true],
    ['<6.2', '6.2.0', false],
    ['<6.2.1', '6.2.0', true],
    ['<6.2.1', '6.2.1', false],
    ['<=6.1', '6.1.55', true],
    ['<=6.1', '6.2.0', false],
    ['<=6.1.5', '6.1.5', true],
    ['<=6.1.5', '6.1.6', false],
    ['>5.8 <6.2', '5.8.10', false],
    ['>5.8 <6.2', '5.9.0', true],
    ['>5.8 <6.2', '6.1.0-18-amd64', true],
    ['>5.8 <6.2', '6.2.0', false],
    ['>=5.8 <=6.1', '6.1.7', true],
    ['  >=5.8   <6  ', '5.19.0', true],
    ['=6.1', '6.1.0-18-amd64', true],
    ['=6.1', '6.1.77', true],
    ['=6.1', '6.2.0', false],
    ['=6.1', '6.0.9', false],
    ['6.1', '6.1.3', true],
    ['=6.1.3', '6.1.3', true],
    ['=6.1.3', '6.1.4', false],
    ['=6', '6.17.1', true],
    ['=6', '7.0.0', false],
    ['^5.10', '5.10.0', true],
    ['^5.10', '5.19.3', true],
    ['^5.10', '5.9.9', false],
    ['^5.10', '6.0.0', false],
    ['^5.10.3', '5.10.2', false],
    ['^5', '5.0.0', true],
    ['^0.2', '0.2.9', true],
    ['^0.2', '0.3.0', false],
    ['^0.0.3', '0.0.3', true],
    ['^0.0.3', '0.0.4', false],
    ['~5.15', '5.15.0-91-generic', true],
    ['~5.15', '5.15.148', true],
    ['~5.15', '5.16.0', false],
    ['~5.15', '5.14.21', false],
    ['~5.15.3', '5.15.2', false],
    ['~5.15.3', '5.15.3', true],
    ['~5', '5.99.0', true],
    ['~5', '6.0.0', false],
    ['>6 <5', '5.5.0', false],
  ];
  for (const [range, release, want] of cases) {
    it(`${JSON.stringify(range)} ${want ? 'accepts' : 'rejects'} ${release}`, () => {
      const parsed = parseVersionRange(range);
      assert.ok(parsed, `range ${range} should parse`);
      const version = parseKernelVersion(release);
      assert.ok(version !== undefined);
      assert.equal(versionInRange(parsed, version), want);
    });
  }

  const invalid = ['', '   ', '>=', '>=5.8,<6', '>=5.8 ||', 'latest', '>=5.x', '=>5.8', '>=5.8.1.2', '5..8', '>=5.8a', '>=123456'];
  for (const range of invalid) {
    it(`rejects the range ${JSON.stringify(range)}`, () => {
      assert.equal(parseVersionRange(range), undefined);
    });
  }

  it('keeps the text as written', () => {
    assert.equal(parseVersionRange('>5.8 <6.2')?.text, '>5.8 <6.2');
  });
});
