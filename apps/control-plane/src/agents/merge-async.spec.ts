import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { mergeAsync } from './merge-async.js';

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const v of it) out.push(v);
  return out;
}

describe('mergeAsync', () => {
  async function* slow(prefix: string, n: number, ms: number) {
    for (let i = 0; i < n; i++) {
      await sleep(ms);
      yield `${prefix}${i}`;
    }
  }

  it('interleaves sources and ends when all have ended', async () => {
    const out = await collect(mergeAsync([slow('a', 3, 5), slow('b', 2, 12)]));
    assert.deepEqual(out.filter((v) => v.startsWith('a')), ['a0', 'a1', 'a2']);
    assert.deepEqual(out.filter((v) => v.startsWith('b')), ['b0', 'b1']);
  });

  it('fails when one source fails, and returns the others', async () => {
    let returned = false;
    async function* forever() {
      try {
        for (;;) {
          await sleep(5);
          yield 'x';
        }
      } finally {
        returned = true;
      }
    }
    async function* failing(): AsyncGenerator<string> {
      await sleep(15);
      if (Date.now() > 0) throw new Error('boom');
      yield 'never';
    }
    await assert.rejects(collect(mergeAsync([forever(), failing()])), /boom/);
    assert.ok(returned);
  });
});
