import assert from 'node:assert/strict';
import {
  AlreadyExistsError, ConflictError, InternalError, InvalidArgumentError, NotFoundError, PermissionDeniedError,
  ResourceExhaustedError, RevisionCompactedError, UnauthenticatedError, UnavailableError,
} from '@mosaic/api';
import { FieldManagerConflictError, isFieldManagerConflictError } from './field-manager-conflict-error.js';
import { mapKubernetesError } from './map-kubernetes-error.js';

/** The shape client-node 1.x throws: ApiException { code, body: raw response text }. */
function apiException(code: number, status?: Record<string, unknown>): Error {
  return Object.assign(new Error(`HTTP-Code: ${code}`), {
    code,
    body: status === undefined ? '' : JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, ...status }),
  });
}

const applyConflict = {
  reason: 'Conflict',
  message: 'Apply failed with 1 conflict: conflict with "other-team" using apps/v1: .spec.replicas',
  details: { causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "other-team" using apps/v1', field: '.spec.replicas' }] },
};

describe('mapKubernetesError', () => {
  const cases = [
    { name: '400 bad request', error: apiException(400, { reason: 'BadRequest', message: 'bad' }), want: InvalidArgumentError, code: 'INVALID_ARGUMENT' },
    { name: '401 unauthorized', error: apiException(401), want: UnauthenticatedError, code: 'UNAUTHENTICATED' },
    { name: '403 forbidden', error: apiException(403, { reason: 'Forbidden', message: 'nodes is forbidden' }), want: PermissionDeniedError, code: 'PERMISSION_DENIED' },
    { name: '404 not found', error: apiException(404, { reason: 'NotFound', message: 'deployments.apps "x" not found' }), want: NotFoundError, code: 'NOT_FOUND' },
    { name: '409 already exists', error: apiException(409, { reason: 'AlreadyExists', message: 'exists' }), want: AlreadyExistsError, code: 'ALREADY_EXISTS' },
    { name: '409 resourceVersion conflict', error: apiException(409, { reason: 'Conflict', message: 'the object has been modified' }), want: ConflictError, code: 'ABORTED' },
    { name: '409 apply conflict', error: apiException(409, applyConflict), want: FieldManagerConflictError, code: 'ABORTED' },
    { name: '410 expired', error: apiException(410, { reason: 'Expired', message: 'too old resource version' }), want: RevisionCompactedError, code: 'OUT_OF_RANGE' },
    { name: '422 invalid', error: apiException(422, { reason: 'Invalid', message: 'invalid', details: { causes: [{ field: 'spec.replicas', message: 'must be >= 0' }] } }), want: InvalidArgumentError, code: 'INVALID_ARGUMENT' },
    { name: '429 throttled', error: apiException(429), want: ResourceExhaustedError, code: 'RESOURCE_EXHAUSTED' },
    { name: '503 unavailable', error: apiException(503), want: UnavailableError, code: 'UNAVAILABLE' },
    { name: 'connection refused', error: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6443'), { code: 'ECONNREFUSED' }), want: UnavailableError, code: 'UNAVAILABLE' },
    { name: 'fetch failure wrapping a refused connection', error: Object.assign(new Error('request failed'), { cause: { code: 'ECONNREFUSED' } }), want: UnavailableError, code: 'UNAVAILABLE' },
    { name: 'unknown failure', error: new Error('boom'), want: InternalError, code: 'INTERNAL' },
    { name: 'a teapot', error: apiException(418), want: InternalError, code: 'INTERNAL' },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const mapped = mapKubernetesError(tc.error, 'apply Deployment shop/checkout');
      assert.ok(mapped instanceof tc.want, `${mapped.name} is not ${tc.want.name}`);
      assert.equal(mapped.code, tc.code);
      assert.equal(mapped.name, tc.want.name);
      assert.match(mapped.message, /^apply Deployment shop\/checkout: /);
    });
  }

  it('lists the managers and fields of an apply conflict', () => {
    const mapped = mapKubernetesError(apiException(409, applyConflict));
    assert.ok(isFieldManagerConflictError(mapped));
    assert.deepEqual(mapped.conflicts, [{ manager: 'other-team', field: '.spec.replicas' }]);
  });

  it('turns 422 causes into field violations', () => {
    const mapped = mapKubernetesError(apiException(422, { reason: 'Invalid', message: 'invalid', details: { causes: [{ field: 'spec.replicas', message: 'must be >= 0' }] } }));
    assert.ok(mapped instanceof InvalidArgumentError);
    assert.deepEqual(mapped.violations, [{ path: 'spec.replicas', message: 'must be >= 0' }]);
  });

  it('passes Mosaic errors through', () => {
    const original = new NotFoundError('already mapped');
    assert.equal(mapKubernetesError(original), original);
  });
});
