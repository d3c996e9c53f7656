import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { LabelRequirement } from './label-selector.js';
import { parseLabelSelector } from './parse-label-selector.js';

describe('parseLabelSelector', () => {
  const valid: { name: string; input: string; want: LabelRequirement[] }[] = [
    { name: 'empty string matches everything', input: '', want: [] },
    { name: 'blank string matches everything', input: '  \t ', want: [] },
    { name: 'equals', input: 'app=web', want: [{ key: 'app', operator: 'Equals', value: 'web' }] },
    { name: 'double equals', input: 'app==web', want: [{ key: 'app', operator: 'Equals', value: 'web' }] },
    { name: 'not equals', input: 'app!=web', want: [{ key: 'app', operator: 'NotEquals', value: 'web' }] },
    { name: 'equals empty value', input: 'app=', want: [{ key: 'app', operator: 'Equals', value: '' }] },
    { name: 'not equals empty value before comma', input: 'app!=,b', want: [
      { key: 'app', operator: 'NotEquals', value: '' },
      { key: 'b', operator: 'Exists' },
    ] },
    { name: 'in', input: 'tier in (web,api)', want: [{ key: 'tier', operator: 'In', values: ['web', 'api'] }] },
    { name: 'in without spaces before paren', input: 'tier in(web)', want: [{ key: 'tier', operator: 'In', values: ['web'] }] },
    { name: 'notin', input: 'tier notin (db)', want: [{ key: 'tier', operator: 'NotIn', values: ['db'] }] },
    { name: 'in with spaces inside the list', input: 'tier in ( web , api )', want: [{ key: 'tier', operator: 'In', values: ['web', 'api'] }] },
    { name: 'in collapses duplicates, keeps order', input: 'tier in (b,a,b)', want: [{ key: 'tier', operator: 'In', values: ['b', 'a'] }] },
    { name: 'exists', input: 'canary', want: [{ key: 'canary', operator: 'Exists' }] },
    { name: 'does not exist', input: '!canary', want: [{ key: 'canary', operator: 'DoesNotExist' }] },
    { name: 'does not exist with space', input: '! canary', want: [{ key: 'canary', operator: 'DoesNotExist' }] },
    { name: 'whitespace around operators', input: ' app = web , env != prod ', want: [
      { key: 'app', operator: 'Equals', value: 'web' },
      { key: 'env', operator: 'NotEquals', value: 'prod' },
    ] },
    { name: 'all operators together', input: 'a=1,b==2,c!=3,d in (x,y),e notin (z),f,!g', want: [
      { key: 'a', operator: 'Equals', value: '1' },
      { key: 'b', operator: 'Equals', value: '2' },
      { key: 'c', operator: 'NotEquals', value: '3' },
      { key: 'd', operator: 'In', values: ['x', 'y'] },
      { key: 'e', operator: 'NotIn', values: ['z'] },
      { key: 'f', operator: 'Exists' },
      { key: 'g', operator: 'DoesNotExist' },
    ] },
    { name: 'prefixed key', input: 'mosaic.dev/runtime=wasm', want: [{ key: 'mosaic.dev/runtime', operator: 'Equals', value: 'wasm' }] },
    { name: 'key with dots, dashes, underscores', input: 'a.b-c_d=x.y-z_0', want: [{ key: 'a.b-c_d', operator: 'Equals', value: 'x.y-z_0' }] },
    { name: 'same key twice is an AND', input: 'a!=x,a!=y', want: [
      { key: 'a', operator: 'NotEquals', value: 'x' },
      { key: 'a', operator: 'NotEquals', value: 'y' },
    ] },
    { name: '"in" as a key', input: 'in in (in)', want: [{ key: 'in', operator: 'In', values: ['in'] }] },
    { name: '"notin" as a value', input: 'a=notin', want: [{ key: 'a', operator: 'Equals', value: 'notin' }] },
    { name: '63-character name', input: `${'k'.repeat(63)}=${'v'.repeat(63)}`, want: [
      { key: 'k'.repeat(63), operator: 'Equals', value: 'v'.repeat(63) },
    ] },
  ];
  for (const tc of valid) {
    it(`parses: ${tc.name}`, () => {
      assert.deepEqual(parseLabelSelector(tc.input).requirements, tc.want);
    });
  }

  const invalid: { name: string; input: string; message: string }[] = [
    { name: 'lone comma', input: ',', message: 'column 1: expected a label key at the start of a requirement, found ","' },
    { name: 'trailing comma', input: 'a=b,', message: 'column 5: expected a label key at the start of a requirement, found end of selector' },
    { name: 'double comma', input: 'a,,b', message: 'column 3: expected a label key at the start of a requirement, found ","' },
    { name: 'missing comma between terms', input: 'a=b c=d', message: 'column 5: expected "," or end of selector, found "c"' },
    { name: 'operator without key', input: '=b', message: 'column 1: expected a label key at the start of a requirement, found "="' },
    { name: 'bang without key', input: '!', message: 'column 2: expected a label key after "!", found end of selector' },
    { name: 'bang before operator', input: '!a=b', message: 'column 3: expected "," or end of selector, found "="' },
    { name: 'triple equals', input: 'a===b', message: 'column 4: expected a label value, found "="' },
    { name: 'in without parentheses', input: 'a in x', message: 'column 6: expected "(" after "in", found "x"' },
    { name: 'notin without parentheses', input: 'a notin', message: 'column 8: expected "(" after "notin", found end of selector' },
    { name: 'empty set', input: 'a in ()', message: 'column 7: "in" needs at least one value between the parentheses' },
    { name: 'unclosed set', input: 'a in (x,y', message: 'column 10: expected "," or ")" in the value list, found end of selector' },
    { name: 'trailing comma in set', input: 'a in (x,)', message: 'column 9: expected a label value, found ")"' },
    { name: 'missing comma in set', input: 'a in (x y)', message: 'column 9: expected "," or ")" in the value list, found "y"' },
    { name: 'unknown word operator', input: 'a is b', message: 'column 3: expected an operator (=, ==, !=, in, notin), "," or end after key "a", found "is"' },
    { name: 'stray parenthesis', input: 'a (b)', message: 'column 3: expected an operator (=, ==, !=, in, notin), "," or end after key "a", found "("' },
    { name: 'greater-than is not supported', input: 'replicas>2', message: 'column 9: operator ">" is not supported' },
    { name: 'less-than is not supported', input: 'replicas < 2', message: 'column 10: operator "<" is not supported' },
    { name: 'invalid key characters', input: 'a$b=c', message: 'column 1: label key "a$b" must consist of alphanumerics' },
    { name: 'key starting with a dash', input: '-a=c', message: 'column 1: label key "-a" must consist of alphanumerics' },
    { name: 'empty key prefix', input: '/a=c', message: 'column 1: label key "/a" has an empty prefix before "/"' },
    { name: 'empty key name after prefix', input: 'mosaic.dev/=c', message: 'column 1: label key "mosaic.dev/" has an empty name' },
    { name: 'uppercase key prefix', input: 'Mosaic.dev/a=c', message: 'column 1: label key prefix "Mosaic.dev" must be a lowercase DNS subdomain' },
    { name: 'key name too long', input: `${'k'.repeat(64)}=v`, message: `column 1: label key name "${'k'.repeat(64)}" is longer than 63 characters` },
    { name: 'value too long', input: `k=${'v'.repeat(64)}`, message: `column 3: label value "${'v'.repeat(64)}" is longer than 63 characters` },
    { name: 'invalid value characters', input: 'a=b/c', message: 'column 3: label value "b/c" must consist of alphanumerics' },
    { name: 'invalid value inside set', input: 'a in (x,y_)', message: 'column 9: label value "y_" must consist of alphanumerics' },
  ];
  for (const tc of invalid) {
    it(`rejects: ${tc.name}`, () => {
      assert.throws(
        () => parseLabelSelector(tc.input),
        (err: unknown) => {
          assert.ok(err instanceof InvalidArgumentError, `expected InvalidArgumentError, got ${String(err)}`);
          assert.equal(err.code, 'INVALID_ARGUMENT');
          assert.equal(err.violations.length, 1);
          assert.equal(err.violations[0]?.path, 'labelSelector');
          assert.ok(err.violations[0]?.message.startsWith(tc.message), `message was: ${err.violations[0]?.message}`);
          assert.ok(err.message.includes(`invalid label selector "${tc.input}"`), err.message);
          return true;
        },
      );
    });
  }

  it('names the caller-provided path in the violation', () => {
    assert.throws(
      () => parseLabelSelector('a in', { path: 'spec.placement.selector' }),
      (err: unknown) => err instanceof InvalidArgumentError && err.violations[0]?.path === 'spec.placement.selector',
    );
  });
});
