import { status } from '@grpc/grpc-js';
import {
  AlreadyExistsError,
  ConflictError,
  FailedPreconditionError,
  InternalError,
  InvalidArgumentError,
  NotFoundError,
  PermissionDeniedError,
  ResourceExhaustedError,
  RevisionCompactedError,
  UnauthenticatedError,
  UnavailableError,
} from '@mosaic/api';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { Writable } from 'node:stream';
import { toGrpcStatus } from './error-status.js';

/** A logger whose lines the test can read. */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level: 'debug' }, stream), lines };
}

describe('toGrpcStatus', () => {
  const cases: { error: Error; code: status }[] = [
    { error: new InvalidArgumentError('bad', [{ path: 'spec.x', message: 'wrong' }]), code: status.INVALID_ARGUMENT },
    { error: new NotFoundError('gone'), code: status.NOT_FOUND },
    { error: new AlreadyExistsError('there'), code: status.ALREADY_EXISTS },
    { error: new ConflictError('stale'), code: status.ABORTED },
    { error: new FailedPreconditionError('immutable'), code: status.FAILED_PRECONDITION },
    { error: new RevisionCompactedError('compacted'), code: status.OUT_OF_RANGE },
    { error: new UnauthenticatedError('who'), code: status.UNAUTHENTICATED },
    { error: new PermissionDeniedError('no'), code: status.PERMISSION_DENIED },
    { error: new ResourceExhaustedError('full'), code: status.RESOURCE_EXHAUSTED },
    { error: new UnavailableError('later'), code: status.UNAVAILABLE },
  ];
  for (const tc of cases) {
    it(`maps ${tc.error.name} to ${status[tc.code]} with its message`, () => {
      const { log, lines } = capturingLogger();
      const s = toGrpcStatus(tc.error, log, 'Apply');
      assert.equal(s.code, tc.code);
      assert.equal(s.details, tc.error.message);
      assert.equal(lines.length, 0, 'expected outcomes are not logged as errors');
    });
  }

  it('maps InternalError to INTERNAL and logs it', () => {
    const { log, lines } = capturingLogger();
    assert.equal(toGrpcStatus(new InternalError('broken invariant'), log, 'Get').code, status.INTERNAL);
    assert.equal(lines.length, 1);
  });

  it('answers an unexpected error with a generic INTERNAL message and logs its stack under an id', () => {
    const { log, lines } = capturingLogger();
    const s = toGrpcStatus(new TypeError('cannot read properties of undefined (secret internals)'), log, 'List');
    assert.equal(s.code, status.INTERNAL);
    assert.doesNotMatch(s.details, /secret internals/);
    const id = /internal error \(id ([0-9a-f-]+)\)/.exec(s.details)?.[1];
    assert.ok(id, s.details);
    assert.equal(lines.length, 1);
    assert.equal(lines[0]?.['errorId'], id);
    assert.equal(lines[0]?.['method'], 'List');
    assert.match(String((lines[0]?.['err'] as { stack?: string }).stack), /TypeError: cannot read properties/);
  });

  it('treats non-Error throws as unexpected', () => {
    const { log } = capturingLogger();
    assert.equal(toGrpcStatus('a string', log, 'Watch').code, status.INTERNAL);
    assert.equal(toGrpcStatus(undefined, log, 'Watch').code, status.INTERNAL);
  });
});
