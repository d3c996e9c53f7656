import { strict as assert } from 'node:assert';
import { hostMemoryLimits, wasmPagesFor } from './memory-limits.js';

describe('hostMemoryLimits', () => {
  const Mi = 1024 * 1024;
  const cases = [
    { name: '256Mi over 2 threads', memory: 256 * Mi, concurrency: 2, main: 64, old: 96, young: 16 },
    { name: '128Mi over 10 threads', memory: 128 * Mi, concurrency: 10, main: 32, old: 9, young: 2 },
    { name: 'floors win when overcommitted', memory: 64 * Mi, concurrency: 100, main: 16, old: 8, young: 2 },
    { name: 'one thread gets three quarters', memory: 1024 * Mi, concurrency: 1, main: 256, old: 768, young: 16 },
    { name: 'young generation is a quarter of old between the bounds', memory: 160 * Mi, concurrency: 3, main: 40, old: 40, young: 10 },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const limits = hostMemoryLimits(tc.memory, tc.concurrency);
      assert.equal(limits.processOldSpaceMb, tc.main);
      assert.equal(limits.thread.maxOldGenerationSizeMb, tc.old);
      assert.equal(limits.thread.maxYoungGenerationSizeMb, tc.young);
      assert.equal(wasmPagesFor(limits), tc.old * 16, 'a Wasm handler gets the same share in 64 KiB pages');
    });
  }
});
