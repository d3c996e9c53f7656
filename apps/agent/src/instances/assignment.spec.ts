import { isMosaicError } from '@mosaic/api';
import type { pb } from '@mosaic/proto';
import assert from 'node:assert/strict';
import { assignmentFromProto, instanceSpecOf, templateSpec } from './assignment.js';

const assign = (over: Partial<pb.AssignInstance__Output> = {}): pb.AssignInstance__Output => ({
  instanceId: 'web-2-abc',
  namespace: 'shop',
  uid: 'u1',
  workload: 'web',
  revision: '2',
  runtime: 'service',
  labels: { app: 'web' },
  template: { runtime: 'service', service: { command: ['node', 'server.js'] } },
  ...over,
});

describe('assignmentFromProto', () => {
  it('maps the identity (int64 revision as a number)', () => {
    assert.deepEqual(assignmentFromProto(assign()), { namespace: 'shop', name: 'web-2-abc', uid: 'u1', workload: 'web', revision: 2, runtime: 'service', labels: { app: 'web' } });
  });
  const bad = [
    { name: 'a path in the name', over: { instanceId: '../../etc' } },
    { name: 'no namespace', over: { namespace: '' } },
    { name: 'an upper-case workload', over: { workload: 'Web' } },
  ];
  for (const tc of bad) it(`rejects ${tc.name}`, () => assert.throws(() => assignmentFromProto(assign(tc.over)), (err) => isMosaicError(err) && err.code === 'INVALID_ARGUMENT'));
});

describe('templateSpec / instanceSpecOf', () => {
  it('fills in the defaults the wire dropped and builds the runtime’s instance', () => {
    const a = assignmentFromProto(assign());
    const spec = templateSpec(a, assign().template);
    assert.equal(spec.replicas, 1);
    assert.deepEqual(spec.resources, { cpu: '100m', memory: '64Mi' });
    assert.equal(spec.service?.restartPolicy, 'Always');
    assert.deepEqual(instanceSpecOf(a, spec), { id: 'web-2-abc', workloadKey: 'shop/web', namespace: 'shop', name: 'web', revision: 2, spec, labels: { app: 'web' } });
  });

  it('rejects an invalid template and a runtime that does not match it', () => {
    const a = assignmentFromProto(assign());
    assert.throws(() => templateSpec(a, { runtime: 'service' }), (err) => isMosaicError(err) && err.code === 'INVALID_ARGUMENT');
    assert.throws(() => templateSpec({ ...a, runtime: 'wasm' }, assign().template), /does not match/);
  });
});
