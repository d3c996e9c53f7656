import { strict as assert } from 'node:assert';
import type { RuntimeName } from '@mosaic/api';
import { RuntimeAlreadyRegisteredError } from './errors/runtime-already-registered-error.js';
import { RuntimeNotRegisteredError } from './errors/runtime-not-registered-error.js';
import { getRuntime, hasRuntime, listRuntimes, registerRuntime, unregisterRuntime } from './registry.js';
import type { WorkloadRuntime } from './workload-runtime.js';

function fakeRuntime(name: RuntimeName): WorkloadRuntime {
  return {
    name,
    probe: () => Promise.resolve({ available: true }),
    start: () => Promise.reject(new Error('not in this test')),
    adopt: () => Promise.resolve(undefined),
  };
}

describe('runtime registry', () => {
  afterEach(() => {
    for (const r of listRuntimes()) unregisterRuntime(r.name);
  });

  it('registers, looks up and lists drivers by name, ordered', () => {
    const wasm = fakeRuntime('wasm');
    const service = fakeRuntime('service');
    registerRuntime(wasm);
    registerRuntime(service);
    assert.equal(getRuntime('wasm'), wasm);
    assert.ok(hasRuntime('service'));
    assert.deepEqual(listRuntimes().map((r) => r.name), ['service', 'wasm']);
  });

  it('throws a typed error naming what is registered when a runtime is absent', () => {
    registerRuntime(fakeRuntime('service'));
    assert.throws(() => getRuntime('ebpf'), (err: unknown) => {
      assert.ok(err instanceof RuntimeNotRegisteredError);
      assert.equal(err.code, 'FAILED_PRECONDITION');
      assert.equal(err.runtime, 'ebpf');
      assert.match(err.message, /registered: service/);
      return true;
    });
  });

  const cases: { name: string; replace?: boolean; same: boolean; throws: boolean }[] = [
    { name: 'the same driver twice is a no-op', same: true, throws: false },
    { name: 'a different driver under a taken name is refused', same: false, throws: true },
    { name: 'a different driver replaces with replace: true', same: false, replace: true, throws: false },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const first = fakeRuntime('wasm');
      const second = tc.same ? first : fakeRuntime('wasm');
      registerRuntime(first);
      const register = () => registerRuntime(second, { replace: tc.replace });
      if (tc.throws) {
        assert.throws(register, RuntimeAlreadyRegisteredError);
        assert.equal(getRuntime('wasm'), first);
      } else {
        register();
        assert.equal(getRuntime('wasm'), second);
      }
    });
  }

  it('unregisters', () => {
    registerRuntime(fakeRuntime('function'));
    assert.ok(unregisterRuntime('function'));
    assert.ok(!hasRuntime('function'));
    assert.ok(!unregisterRuntime('function'));
  });
});
