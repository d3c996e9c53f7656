import assert from 'node:assert/strict';
import { Metadata, status as Status } from '@grpc/grpc-js';
import { InvalidArgumentError, isMosaicError } from '@mosaic/api';
import { isConflict, isDeadlineExceeded, isNotFound, isRevisionCompacted, isUnavailable } from './error-guards.js';
import { statusToError } from './status-to-error.js';

describe('statusToError', () => {
  const cases = [
    { code: Status.INVALID_ARGUMENT, name: 'InvalidArgumentError', errCode: 'INVALID_ARGUMENT' },
    { code: Status.NOT_FOUND, name: 'NotFoundError', errCode: 'NOT_FOUND' },
    { code: Status.ALREADY_EXISTS, name: 'AlreadyExistsError', errCode: 'ALREADY_EXISTS' },
    { code: Status.ABORTED, name: 'ConflictError', errCode: 'ABORTED' },
    { code: Status.FAILED_PRECONDITION, name: 'FailedPreconditionError', errCode: 'FAILED_PRECONDITION' },
    { code: Status.OUT_OF_RANGE, name: 'RevisionCompactedError', errCode: 'OUT_OF_RANGE' },
    { code: Status.UNAUTHENTICATED, name: 'UnauthenticatedError', errCode: 'UNAUTHENTICATED' },
    { code: Status.PERMISSION_DENIED, name: 'PermissionDeniedError', errCode: 'PERMISSION_DENIED' },
    { code: Status.RESOURCE_EXHAUSTED, name: 'ResourceExhaustedError', errCode: 'RESOURCE_EXHAUSTED' },
    { code: Status.UNAVAILABLE, name: 'UnavailableError', errCode: 'UNAVAILABLE' },
    { code: Status.DEADLINE_EXCEEDED, name: 'DeadlineExceededError', errCode: 'DEADLINE_EXCEEDED' },
    { code: Status.INTERNAL, name: 'InternalError', errCode: 'INTERNAL' },
    { code: Status.UNIMPLEMENTED, name: 'RpcError', errCode: 'UNIMPLEMENTED' },
    { code: Status.CANCELLED, name: 'RpcError', errCode: 'CANCELLED' },
    { code: Status.UNKNOWN, name: 'RpcError', errCode: 'UNKNOWN' },
  ];
  for (const tc of cases) {
    it(`maps ${Status[tc.code]} to ${tc.name}`, () => {
      const cause = Object.assign(new Error('x'), { code: tc.code, details: 'the server said so', metadata: new Metadata() });
      const err = statusToError(cause);
      assert.equal(err.name, tc.name);
      assert.equal((err as { code?: string }).code, tc.errCode);
      assert.equal(err.message, 'the server said so');
      assert.equal(err.cause, cause);
    });
  }

  it('uses the status name when the server sent no message', () => {
    assert.equal(statusToError({ code: Status.NOT_FOUND, details: '' }).message, 'NOT_FOUND');
  });

  it('parses field violations back out of an INVALID_ARGUMENT message', () => {
    const sent = new InvalidArgumentError('Workload "a/b" is invalid', [
      { path: 'spec.replicas', message: 'must be >= 0' },
      { path: 'metadata.labels', message: 'bad: key', source: { file: 'x.yaml', line: 3, column: 5 } },
    ]);
    const err = statusToError({ code: Status.INVALID_ARGUMENT, details: sent.message });
    assert.ok(err instanceof InvalidArgumentError);
    assert.equal(err.message, sent.message);
    assert.deepEqual(err.violations, sent.violations);
  });

  it('keeps an unstructured INVALID_ARGUMENT message as is', () => {
    const err = statusToError({ code: Status.INVALID_ARGUMENT, details: 'bad request\nsomething odd' });
    assert.ok(err instanceof InvalidArgumentError);
    assert.equal(err.message, 'bad request\nsomething odd');
    assert.deepEqual(err.violations, []);
  });
});

describe('error guards', () => {
  const cases = [
    { guard: isNotFound, code: Status.NOT_FOUND },
    { guard: isConflict, code: Status.ABORTED },
    { guard: isRevisionCompacted, code: Status.OUT_OF_RANGE },
    { guard: isUnavailable, code: Status.UNAVAILABLE },
    { guard: isDeadlineExceeded, code: Status.DEADLINE_EXCEEDED },
  ];
  for (const tc of cases) {
    it(`${tc.guard.name} recognises ${Status[tc.code]} and nothing else`, () => {
      const err = statusToError({ code: tc.code, details: 'm' });
      assert.ok(tc.guard(err));
      assert.ok(isMosaicError(err));
      assert.ok(!tc.guard(statusToError({ code: Status.INTERNAL, details: 'm' })));
      assert.ok(!tc.guard(new Error('plain')));
      assert.ok(!tc.guard('NOT_FOUND'));
    });
  }
});
