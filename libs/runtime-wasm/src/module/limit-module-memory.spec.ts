import { strict as assert } from 'node:assert';
import { InvalidWasmModuleError } from '../errors/invalid-wasm-module-error.js';
import { MemoryLimitExceededError } from '../errors/memory-limit-exceeded-error.js';
import { limitModuleMemory } from './limit-module-memory.js';
import { encodeUleb } from './wasm-bytes.js';

// --- a tiny module builder ---------------------------------------------------------------
const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
const str = (s: string) => [...encodeUleb(s.length), ...Buffer.from(s)];
const section = (id: number, body: number[]) => [id, ...encodeUleb(body.length), ...body];
const limits = (min: number, max?: number, extraFlags = 0) =>
  [(max === undefined ? 0 : 1) | extraFlags, ...encodeUleb(min), ...(max === undefined ? [] : encodeUleb(max))];
const memorySection = (...mems: number[][]) => section(5, [mems.length, ...mems.flat()]);
const exportMemory = section(7, [1, ...str('memory'), 0x02, 0]);
const custom = section(0, [...str('note'), 1, 2, 3]);
/** Imports a function (env.f: [] → []), a global and a memory env.memory. */
const typeSection = section(1, [1, 0x60, 0, 0]);
const importSection = (mem: number[]) => section(2, [3,
  ...str('env'), ...str('f'), 0x00, 0,
  ...str('env'), ...str('g'), 0x03, 0x7f, 0x00,
  ...str('env'), ...str('memory'), 0x02, ...mem]);
const mod = (...sections: number[][]) => Uint8Array.from([...HEADER, ...sections.flat()]);

/** Instantiates a module with one exported (or imported) memory and probes how far it grows. */
function growLimit(bytes: Uint8Array, memory?: WebAssembly.Memory): number {
  const m = new WebAssembly.Module(bytes);
  const imports: Record<string, Record<string, unknown>> = memory ? { env: { f: () => undefined, g: 1, memory } } : {};
  const inst = new WebAssembly.Instance(m, imports);
  const mem = memory ?? (inst.exports['memory'] as WebAssembly.Memory);
  let pages = mem.buffer.byteLength / 65536;
  for (;;) {
    try {
      mem.grow(1);
      pages++;
    } catch {
      return pages;
    }
    if (pages > 70_000) return Infinity;
  }
}

describe('limitModuleMemory', () => {
  const cases: { name: string; module: Uint8Array; limit: number; initial: number; maximum: number; declared?: number; changed: boolean }[] = [
    { name: 'no maximum → the limit', module: mod(memorySection(limits(1)), exportMemory), limit: 4, initial: 1, maximum: 4, changed: true },
    { name: 'a larger maximum → the limit', module: mod(memorySection(limits(1, 100)), exportMemory), limit: 4, initial: 1, maximum: 4, declared: 100, changed: true },
    { name: 'a smaller maximum is kept', module: mod(memorySection(limits(1, 2)), exportMemory), limit: 4, initial: 1, maximum: 2, declared: 2, changed: false },
    { name: 'a 3-byte LEB maximum shrinks to 1 byte (section size re-encoded)', module: mod(custom, memorySection(limits(2, 65536)), exportMemory, custom), limit: 3, initial: 2, maximum: 3, declared: 65536, changed: true },
    { name: 'initial equal to the limit is fine', module: mod(memorySection(limits(4)), exportMemory), limit: 4, initial: 4, maximum: 4, changed: true },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const got = limitModuleMemory(tc.module, tc.limit);
      assert.equal(got.changed, tc.changed);
      assert.deepEqual(got.memories, [{ index: 0, initial: tc.initial, maximum: tc.maximum, declaredMaximum: tc.declared, shared: false, memory64: false }]);
      assert.ok(WebAssembly.validate(got.bytes));
      assert.equal(growLimit(got.bytes), tc.maximum, 'the engine enforces the new maximum');
      if (!tc.changed) assert.equal(got.bytes, tc.module);
    });
  }

  it('leaves a module without memory untouched', () => {
    const m = mod(typeSection, custom);
    assert.deepEqual(limitModuleMemory(m, 1), { bytes: m, memories: [], changed: false });
  });

  it('caps an imported memory and reports it for the host to create', () => {
    const m = mod(typeSection, importSection(limits(1)));
    const got = limitModuleMemory(m, 5);
    assert.deepEqual(got.memories, [{ index: 0, import: { module: 'env', name: 'memory' }, initial: 1, maximum: 5, declaredMaximum: undefined, shared: false, memory64: false }]);
    // The module now demands an import whose maximum is at most 5: an unbounded one is refused.
    assert.throws(() => new WebAssembly.Instance(new WebAssembly.Module(got.bytes), { env: { f: () => undefined, g: 1, memory: new WebAssembly.Memory({ initial: 1 }) } }), WebAssembly.LinkError);
    assert.equal(growLimit(got.bytes, new WebAssembly.Memory({ initial: 1, maximum: 5 })), 5);
  });

  it('keeps a shared memory shared', () => {
    const got = limitModuleMemory(mod(memorySection(limits(1, 100, 0x02)), exportMemory), 8);
    assert.deepEqual(got.memories.map((m) => [m.shared, m.maximum]), [[true, 8]]);
    assert.ok(WebAssembly.validate(got.bytes));
  });

  it('refuses a memory that starts above the limit', () => {
    assert.throws(() => limitModuleMemory(mod(memorySection(limits(64)), exportMemory), 32), (err: unknown) => {
      assert.ok(err instanceof MemoryLimitExceededError);
      assert.equal(err.initialPages, 64);
      assert.match(err.message, /memory 0 starts with 64 pages \(4096 KiB\), more than limits.memoryPages 32/);
      return true;
    });
  });

  const invalid: [string, Uint8Array][] = [
    ['bad magic', Uint8Array.from([1, 2, 3, 4, 1, 0, 0, 0])],
    ['too short', Uint8Array.from([0, 0x61])],
    ['a component (version 0x1000d)', Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00])],
    ['a truncated section', mod([5, 10, 1, 0])],
    ['trailing bytes in the memory section', mod(section(5, [1, 0, 1, 9]))],
  ];
  for (const [name, bytes] of invalid) {
    it(`rejects ${name}`, () => assert.throws(() => limitModuleMemory(bytes, 8), InvalidWasmModuleError));
  }
});
