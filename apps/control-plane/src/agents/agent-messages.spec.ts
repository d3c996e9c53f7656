import { INSTANCE_STOP_FINALIZER, isMosaicError, type InstanceObject } from '@mosaic/api';
import type { pb } from '@mosaic/proto';
import assert from 'node:assert/strict';
import { assignFor, registrationFromProto, reportFromProto, statusFromReport, stopFor } from './agent-messages.js';

const goodRegister = (): pb.RegisterNode__Output => ({
  nodeName: 'node-1',
  agentId: 'a-1',
  labels: { zone: 'z1' },
  facts: {
    arch: 'amd64',
    kernelVersion: '6.1.0-18-amd64',
    btf: true,
    canLoadBpf: false,
    capacity: { cpuMillis: '4000', memoryBytes: '8589934592' },
    agentVersion: '0.1.0',
    runtimes: [
      { name: 'wasm', available: true },
      { name: 'service', available: true },
      { name: 'ebpf', available: false, reason: 'NotRoot', message: 'run as root' },
      { name: 'quantum', available: true },
    ],
  },
  instances: [{ instanceId: 'web-1', namespace: 'shop', uid: 'u1', state: 'Running', restarts: 2 }],
});

function violations(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    assert.ok(isMosaicError(err) && err.code === 'INVALID_ARGUMENT', String(err));
    return (err as unknown as { violations: { path: string }[] }).violations.map((v) => v.path);
  }
  assert.fail('expected INVALID_ARGUMENT');
}

describe('registrationFromProto', () => {
  it('maps a registration: int64 capacity as numbers, only available known runtimes, sorted', () => {
    const reg = registrationFromProto(goodRegister());
    assert.equal(reg.nodeName, 'node-1');
    assert.deepEqual(reg.facts.capacity, { cpuMillis: 4000, memoryBytes: 8589934592 });
    assert.deepEqual(reg.facts.runtimes, ['service', 'wasm']);
    assert.deepEqual(reg.unavailableRuntimes, [{ name: 'ebpf', reason: 'NotRoot', message: 'run as root' }]);
    assert.deepEqual(reg.instances.map((i) => [i.namespace, i.name, i.uid, i.state, i.restarts, i.released]), [['shop', 'web-1', 'u1', 'Running', 2, false]]);
  });

  const cases: { name: string; change: (r: pb.RegisterNode__Output) => void; paths: string[] }[] = [
    { name: 'node name not a DNS label', change: (r) => (r.nodeName = 'Node_1'), paths: ['register.nodeName'] },
    { name: 'missing agent id', change: (r) => delete r.agentId, paths: ['register.agentId'] },
    { name: 'bad label key and value', change: (r) => (r.labels = { 'bad key': 'ok', zone: 'not ok!' }), paths: ['register.labels[bad key]', 'register.labels[zone]'] },
    { name: 'no capacity', change: (r) => delete r.facts!.capacity, paths: ['register.facts.capacity.cpuMillis', 'register.facts.capacity.memoryBytes'] },
    { name: 'an instance without id and with an unknown state', change: (r) => (r.instances = [{ namespace: 'n', state: 'Dancing' }]), paths: ['register.instances[0].instanceId', 'register.instances[0].state'] },
  ];
  for (const tc of cases) {
    it(`rejects ${tc.name}`, () => {
      const msg = goodRegister();
      tc.change(msg);
      assert.deepEqual(violations(() => registrationFromProto(msg)), tc.paths);
    });
  }
  it('rejects an absent registration', () => assert.ok(violations(() => registrationFromProto(undefined)).includes('register.nodeName')));
});

describe('reportFromProto / statusFromReport', () => {
  it('keeps what was reported and nothing else', () => {
    const report = reportFromProto({ instanceId: 'i', namespace: 'n', state: 'Failed', restarts: 3, exitCode: 0, reason: 'Error', message: 'boom', startedAt: 'S', updatedAt: 'U', conditions: [{ type: 'CrashLoop', status: 'Maybe', reason: 'R' }] });
    assert.deepEqual(statusFromReport(report, 'NOW'), {
      state: 'Failed',
      restarts: 3,
      exitCode: 0,
      reason: 'Error',
      message: 'boom',
      startedAt: 'S',
      updatedAt: 'U',
      conditions: [{ type: 'CrashLoop', status: 'Unknown', reason: 'R', message: '', lastTransitionTime: '' }],
    });
    assert.deepEqual(statusFromReport(reportFromProto({ instanceId: 'i', namespace: 'n' }), 'NOW'), { state: 'Pending', restarts: 0, updatedAt: 'NOW' });
  });
  it('carries the reported ports into the status; a missing protocol is TCP', () => {
    const report = reportFromProto({ instanceId: 'i', namespace: 'n', state: 'Running', ports: [{ name: 'http', port: 41000 }, { name: 'dns', port: 53, protocol: 'UDP' }] });
    assert.deepEqual(statusFromReport(report, 'NOW').ports, [{ name: 'http', port: 41000, protocol: 'TCP' }, { name: 'dns', port: 53, protocol: 'UDP' }]);
  });
  it('rejects reported ports without a name, out of range or of an unknown protocol', () => {
    const ports = [{ port: 1 }, { name: 'a', port: 0 }, { name: 'b', port: 70000 }, { name: 'c', port: 1, protocol: 'SCTP' }];
    assert.deepEqual(violations(() => reportFromProto({ instanceId: 'i', namespace: 'n', ports })), ['report.ports[0].name', 'report.ports[1].port', 'report.ports[2].port', 'report.ports[3].protocol']);
  });
  it('throws on a report without identity', () => assert.deepEqual(violations(() => reportFromProto({ state: 'Running' })), ['report.instanceId', 'report.namespace']));
});

describe('assignFor / stopFor', () => {
  it('carries the identity, revision and template of the Instance', () => {
    const template = { runtime: 'service', replicas: 1, service: { command: ['x'] } } as unknown as InstanceObject['spec']['template'];
    const instance: InstanceObject = {
      apiVersion: 'mosaic.dev/v1',
      kind: 'Instance',
      metadata: { name: 'web-3-abc', namespace: 'shop', uid: 'u9', labels: { 'mosaic.dev/workload': 'web' }, finalizers: [INSTANCE_STOP_FINALIZER] },
      spec: { workload: 'web', workloadUid: 'wu', revision: 3, node: 'n1', runtime: 'service', template },
    };
    assert.deepEqual(assignFor(instance), {
      assign: { instanceId: 'web-3-abc', namespace: 'shop', uid: 'u9', workload: 'web', revision: 3, runtime: 'service', template, labels: { 'mosaic.dev/workload': 'web' } },
    });
    assert.deepEqual(stopFor({ namespace: 'shop', name: 'web-3-abc' }), { stop: { instanceId: 'web-3-abc', namespace: 'shop', graceSeconds: 0 } });
  });
});
