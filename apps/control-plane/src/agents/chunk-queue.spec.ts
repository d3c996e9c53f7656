import { isMosaicError } from '@mosaic/api';
import assert from 'node:assert/strict';
import { ChunkQueue } from './chunk-queue.js';

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const v of it) out.push(v);
  return out;
}

describe('ChunkQueue', () => {
  it('yields pushed chunks then ends', async () => {
    const q = new ChunkQueue(100);
    q.push('a');
    setTimeout(() => {
      q.push('b');
      q.end();
    }, 5);
    assert.deepEqual(await collect(q), ['a', 'b']);
  });

  it('fails with RESOURCE_EXHAUSTED when the reader falls too far behind', async () => {
    const q = new ChunkQueue(5);
    q.push('abc');
    q.push('def');
    await assert.rejects(collect(q), (err) => isMosaicError(err) && err.code === 'RESOURCE_EXHAUSTED');
  });
});
