import { strict as assert } from 'node:assert';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { validateWorkload } from './validate-workload.js';

const base = (spec: Record<string, unknown>, metadata: Record<string, unknown> = { name: 'web' }) => ({
  apiVersion: 'mosaic.dev/v1',
  kind: 'Workload',
  metadata,
  spec,
});

const service = { runtime: 'service', service: { command: ['node', 'server.js'] } };
const fn = {
  runtime: 'function',
  function: { source: { path: 'index.js' }, handler: 'index.handler', trigger: { http: {} } },
};
const ebpf = {
  runtime: 'ebpf',
  ebpf: { privileged: true, program: { bpftrace: 'tracepoint:syscalls:sys_enter_openat { @[comm] = count(); }' }, attach: { type: 'tracepoint', target: 'syscalls:sys_enter_openat' } },
};
const wasm = { runtime: 'wasm', wasm: { module: { path: 'hello.wasm' } } };

function violationsOf(input: unknown): { path: string; message: string }[] {
  try {
    validateWorkload(input);
  } catch (err) {
    assert.ok(err instanceof InvalidArgumentError, `expected InvalidArgumentError, got ${String(err)}`);
    assert.equal(err.code, 'INVALID_ARGUMENT');
    return err.violations.map((v) => ({ path: v.path, message: v.message }));
  }
  assert.fail('expected the workload to be rejected');
}

describe('validateWorkload', () => {
  describe('accepts every runtime and fills defaults', () => {
    const cases = [
      { name: 'service', spec: service, check: (w: ReturnType<typeof validateWorkload>) => assert.equal(w.spec.service?.restartPolicy, 'Always') },
      { name: 'function', spec: fn, check: (w: ReturnType<typeof validateWorkload>) => assert.deepEqual(w.spec.function?.scale, { min: 0, max: 10, idleSeconds: 60 }) },
      { name: 'ebpf', spec: ebpf, check: (w: ReturnType<typeof validateWorkload>) => assert.equal(w.spec.ebpf?.limits.maxMapEntries, 10240) },
      { name: 'wasm', spec: wasm, check: (w: ReturnType<typeof validateWorkload>) => assert.equal(w.spec.wasm?.limits.memoryPages, 256) },
    ];
    for (const tc of cases) {
      it(tc.name, () => {
        const w = validateWorkload(base(tc.spec));
        assert.equal(w.metadata.namespace, 'default');
        assert.equal(w.spec.replicas, 1);
        assert.deepEqual(w.spec.resources, { cpu: '100m', memory: '64Mi' });
        assert.equal(w.spec.rollout.strategy, 'rolling');
        tc.check(w);
      });
    }
  });

  it('drops status sent by a client', () => {
    const w = validateWorkload({ ...base(service), status: { phase: 'Running' } });
    assert.equal('status' in w, false);
  });

  describe('rejects bad input with the field path', () => {
    const cases: { name: string; input: unknown; path: string; message: RegExp }[] = [
      { name: 'unknown top-level field', input: { ...base(service), extra: 1 }, path: 'extra', message: /unknown field "extra"/ },
      { name: 'unknown nested field', input: base({ ...service, service: { command: ['a'], comand: ['b'] } }), path: 'spec.service.comand', message: /unknown field/ },
      { name: 'unknown field in an array item', input: base({ ...service, service: { command: ['a'], ports: [{ name: 'http', port: 80, host: 'x' }] } }), path: 'spec.service.ports[0].host', message: /unknown field/ },
      { name: 'wrong type', input: base({ ...service, replicas: 'three' }), path: 'spec.replicas', message: /expected number/ },
      { name: 'negative replicas', input: base({ ...service, replicas: -1 }), path: 'spec.replicas', message: />=0|too small/i },
      { name: 'missing section for the runtime', input: base({ runtime: 'wasm' }), path: 'spec.wasm', message: /required: runtime is wasm/ },
      { name: 'section for another runtime', input: base({ ...service, wasm: wasm.wasm }), path: 'spec.wasm', message: /only allowed with runtime wasm/ },
      { name: 'runtime not one of the four', input: base({ runtime: 'vm', service: service.service }), path: 'spec.runtime', message: /service|function|ebpf|wasm/ },
      { name: 'name not a DNS-1123 label', input: base(service, { name: 'Checkout_1' }), path: 'metadata.name', message: /DNS-1123/ },
      { name: 'name too long', input: base(service, { name: 'a'.repeat(64) }), path: 'metadata.name', message: /63/ },
      { name: 'missing name', input: base(service, {}), path: 'metadata.name', message: /required field is missing/ },
      { name: 'bad label key', input: base(service, { name: 'a', labels: { 'bad key': 'x' } }), path: 'metadata.labels["bad key"]', message: /label key/ },
      { name: 'wrong apiVersion', input: { ...base(service), apiVersion: 'v1' }, path: 'apiVersion', message: /mosaic\.dev\/v1/ },
      { name: 'bad cpu quantity', input: base({ ...service, resources: { cpu: 'lots' } }), path: 'spec.resources.cpu', message: /cpu quantity/ },
      { name: 'bad memory quantity', input: base({ ...service, resources: { memory: '12XB' } }), path: 'spec.resources.memory', message: /memory quantity/ },
      { name: 'empty command', input: base({ runtime: 'service', service: { command: [] } }), path: 'spec.service.command', message: /program to run/ },
      { name: 'port out of range', input: base({ runtime: 'service', service: { command: ['a'], ports: [{ name: 'p', port: 70000 }] } }), path: 'spec.service.ports[0].port', message: /65535|too big/i },
      { name: 'negative port', input: base({ runtime: 'service', service: { command: ['a'], ports: [{ name: 'p', port: -1 }] } }), path: 'spec.service.ports[0].port', message: /dynamic port/ },
      { name: 'duplicate port name', input: base({ runtime: 'service', service: { command: ['a'], ports: [{ name: 'p', port: 1 }, { name: 'p', port: 2 }] } }), path: 'spec.service.ports[1].name', message: /duplicate port name/ },
      { name: 'health names a missing port', input: base({ runtime: 'service', service: { command: ['a'], health: { http: { path: '/h', port: 'web' } } } }), path: 'spec.service.health.http.port', message: /not in ports/ },
      { name: 'health with two kinds', input: base({ runtime: 'service', service: { command: ['a'], health: { tcp: { port: 1 }, exec: { command: ['true'] } } } }), path: 'spec.service.health', message: /exactly one of/ },
      { name: 'function with two triggers', input: base({ ...fn, function: { ...fn.function, trigger: { http: {}, queue: {} } } }), path: 'spec.function.trigger', message: /exactly one of: queue, http, schedule/ },
      { name: 'function scale min above max', input: base({ ...fn, function: { ...fn.function, scale: { min: 5, max: 2 } } }), path: 'spec.function.scale.min', message: /scale.max/ },
      { name: 'function bad handler', input: base({ ...fn, function: { ...fn.function, handler: 'handler' } }), path: 'spec.function.handler', message: /module.export/ },
      { name: 'ebpf with two program forms', input: base({ ...ebpf, ebpf: { ...ebpf.ebpf, program: { bpftrace: 'x', object: 'p.bpf.o' } } }), path: 'spec.ebpf.program', message: /exactly one of/ },
      { name: 'ebpf xdp needs an object', input: base({ ...ebpf, ebpf: { ...ebpf.ebpf, attach: { type: 'xdp', target: 'prog', interface: 'lo' } } }), path: 'spec.ebpf.attach.type', message: /compiled object/ },
      { name: 'ebpf without privileged', input: base({ ...ebpf, ebpf: { ...ebpf.ebpf, privileged: undefined } }), path: 'spec.ebpf.privileged', message: /must be true.*--allow-bpf/ },
      { name: 'ebpf privileged false', input: base({ ...ebpf, ebpf: { ...ebpf.ebpf, privileged: false } }), path: 'spec.ebpf.privileged', message: /must be true/ },
      { name: 'ebpf bad kernel range', input: base({ ...ebpf, ebpf: { ...ebpf.ebpf, requires: { kernel: 'new please' } } }), path: 'spec.ebpf.requires.kernel', message: /kernel version range/ },
      { name: 'wasm bad sha256', input: base({ runtime: 'wasm', wasm: { module: { path: 'a.wasm', sha256: 'abc' } } }), path: 'spec.wasm.module.sha256', message: /sha256/ },
      { name: 'wasm relative guest path', input: base({ runtime: 'wasm', wasm: { module: { path: 'a.wasm' }, wasi: { preopens: [{ host: '/tmp', guest: 'data' }] } } }), path: 'spec.wasm.wasi.preopens[0].guest', message: /absolute/ },
      { name: 'wasm memory pages over 4 GiB', input: base({ runtime: 'wasm', wasm: { module: { path: 'a.wasm' }, limits: { memoryPages: 70000 } } }), path: 'spec.wasm.limits.memoryPages', message: /65536|too big/i },
      { name: 'affinity In without values', input: base({ ...service, placement: { affinity: [{ key: 'zone', operator: 'In' }] } }), path: 'spec.placement.affinity[0].values', message: /at least one value/ },
      { name: 'affinity Gt with a non-integer', input: base({ ...service, placement: { affinity: [{ key: 'cores', operator: 'Gt', values: ['x'] }] } }), path: 'spec.placement.affinity[0].values', message: /integer/ },
      { name: 'toleration Exists with a value', input: base({ ...service, placement: { tolerations: [{ key: 'gpu', operator: 'Exists', value: 'x' }] } }), path: 'spec.placement.tolerations[0].value', message: /no value/ },
      { name: 'canary without steps', input: base({ ...service, rollout: { strategy: 'canary' } }), path: 'spec.rollout.steps', message: /at least one step/ },
      { name: 'step with two kinds', input: base({ ...service, rollout: { strategy: 'canary', steps: [{ setWeight: 20, pause: {} }] } }), path: 'spec.rollout.steps[0]', message: /exactly one of/ },
      { name: 'weight over 100', input: base({ ...service, rollout: { strategy: 'canary', steps: [{ setWeight: 120 }] } }), path: 'spec.rollout.steps[0].setWeight', message: /100|too big/i },
      { name: 'steps on a rolling rollout', input: base({ ...service, rollout: { steps: [{ setWeight: 20 }] } }), path: 'spec.rollout.steps', message: /canary only/ },
    ];
    for (const tc of cases) {
      it(tc.name, () => {
        const found = violationsOf(tc.input);
        const match = found.find((v) => v.path === tc.path);
        assert.ok(match, `no violation at ${tc.path}; got ${JSON.stringify(found)}`);
        assert.match(match.message, tc.message);
      });
    }
  });

  describe('ports: absent or 0 is dynamic, 1..65535 is static', () => {
    const cases: { name: string; ports: Record<string, unknown>[]; want: Record<string, unknown>[] }[] = [
      { name: 'absent port: dynamic', ports: [{ name: 'http' }], want: [{ name: 'http', protocol: 'TCP' }] },
      { name: 'port 0 (an unset proto3 int32): dynamic, the 0 dropped', ports: [{ name: 'http', port: 0 }], want: [{ name: 'http', protocol: 'TCP' }] },
      { name: 'static port kept', ports: [{ name: 'http', port: 8080, protocol: 'UDP' }], want: [{ name: 'http', port: 8080, protocol: 'UDP' }] },
      { name: 'mixed', ports: [{ name: 'http', port: 1 }, { name: 'admin' }], want: [{ name: 'http', port: 1, protocol: 'TCP' }, { name: 'admin', protocol: 'TCP' }] },
    ];
    for (const tc of cases) {
      it(tc.name, () => {
        const w = validateWorkload(base({ runtime: 'service', service: { command: ['a'], ports: tc.ports, health: { tcp: { port: tc.ports[0]!['name'] } } } }));
        assert.deepEqual(w.spec.service?.ports, tc.want);
        assert.ok(!w.spec.service?.ports?.some((p) => 'port' in p && p.port === undefined), 'no port: undefined key');
      });
    }
  });

  it('reports every violation at once, not only the first', () => {
    const found = violationsOf(base({ runtime: 'wasm', replicas: 'x', wasm: { module: { path: 'a.wasm' }, bogus: 1 }, service: { command: ['a'] } }, { name: 'Bad' }));
    assert.deepEqual(found.map((v) => v.path).sort(), ['metadata.name', 'spec.replicas', 'spec.service', 'spec.wasm.bogus']);
  });

  it('names the workload in the error message', () => {
    assert.throws(() => validateWorkload(base({ runtime: 'wasm' }, { name: 'web', namespace: 'shop' })), /Workload "shop\/web" is invalid/);
  });
});
