import assert from 'node:assert/strict';
import type { Invocation } from '@mosaic/sdk';
import { formatDuration, renderInvocations, shortError } from './render-invocations.js';

const now = new Date('2026-01-01T00:10:00Z');
const ok: Invocation = {
  id: 'i-1', namespace: 'shop', name: 'resize', revision: 2, state: 'succeeded', attempts: 1, maxAttempts: 3, input: { a: 1 }, output: { b: 2 },
  trigger: 'api', acceptedAt: '2026-01-01T00:09:15Z', finishedAt: '2026-01-01T00:09:16Z', instance: 'resize-2-x', durationMs: 1234,
};
const dead: Invocation = {
  id: 'k-2', namespace: 'shop', name: 'resize', revision: 1, state: 'dead-lettered', attempts: 3, maxAttempts: 3, input: null,
  error: 'TypeError: nope\n    at handler (index.js:1:1)', trigger: 'http', idempotencyKey: 'order-9', acceptedAt: '2026-01-01T00:05:00Z',
};

describe('renderInvocations', () => {
  it('prints a kubectl-style table', () => {
    assert.equal(renderInvocations([ok, dead], 'table', now), [
      'ID    STATE           ATTEMPTS   REVISION   TRIGGER   DURATION   AGE',
      'i-1   succeeded       1/3        2          api       1.2s       45s',
      'k-2   dead-lettered   3/3        1          http      <none>     5m',
      '',
    ].join('\n'));
  });

  it('adds instance, idempotency key and the first line of the error with wide', () => {
    const lines = renderInvocations([ok, dead], 'wide', now).split('\n');
    assert.match(lines[0]!, /INSTANCE\s+IDEMPOTENCY-KEY\s+ERROR$/);
    assert.match(lines[1]!, /resize-2-x\s+<none>\s+<none>$/);
    assert.match(lines[2]!, /<none>\s+order-9\s+TypeError: nope$/);
  });

  it('prints nothing for an empty table, a list for json and yaml', () => {
    assert.equal(renderInvocations([], 'table', now), '');
    assert.deepEqual((JSON.parse(renderInvocations([ok], 'json', now)) as { items: Invocation[] }).items[0], ok);
    assert.match(renderInvocations([ok], 'yaml', now), /^kind: InvocationList\nitems:\n {2}- id: i-1/);
  });
});

describe('invocation cells', () => {
  const cases = [
    { name: 'no duration', got: formatDuration(undefined), want: '<none>' },
    { name: 'milliseconds', got: formatDuration(340), want: '340ms' },
    { name: 'seconds with a decimal', got: formatDuration(1250), want: '1.3s' },
    { name: 'long seconds', got: formatDuration(42_000), want: '42s' },
    { name: 'no error', got: shortError(undefined), want: '<none>' },
    { name: 'long error cut', got: shortError('x'.repeat(80), 10), want: `${'x'.repeat(9)}…` },
  ];
  for (const tc of cases) it(tc.name, () => assert.equal(tc.got, tc.want));
});
