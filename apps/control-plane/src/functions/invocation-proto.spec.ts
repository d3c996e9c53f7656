import assert from 'node:assert/strict';
import { invocationToProto } from './invocation-proto.js';
import type { Invocation } from './invocation-types.js';

describe('invocationToProto', () => {
  const inv: Invocation = {
    id: 'i-1', namespace: 'demo', name: 'echo', revision: 1, state: 'succeeded', attempts: 1, maxAttempts: 3,
    input: { a: 1 }, output: { b: 2 }, trigger: 'api', acceptedAt: '2026-01-01T00:00:00.000Z',
  };
  const cases = [
    { durationMs: 10.006, want: '10' },
    { durationMs: 0.4, want: '0' },
    { durationMs: 1234.5, want: '1235' },
    { durationMs: undefined, want: '0' },
  ];
  // int64 travels as a decimal string; "10.006" would be read back as 10006.
  for (const tc of cases) {
    it(`duration ${String(tc.durationMs)} ms → int64 "${tc.want}"`, () => {
      assert.equal(invocationToProto({ ...inv, ...(tc.durationMs === undefined ? {} : { durationMs: tc.durationMs }) }).durationMs, tc.want);
    });
  }
  it('carries input and output as JSON text', () => {
    const pb = invocationToProto(inv);
    assert.equal(pb.input, '{"a":1}');
    assert.equal(pb.output, '{"b":2}');
  });
});
